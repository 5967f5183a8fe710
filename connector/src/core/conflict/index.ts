export * from './conflict-service.ts';
export * from './field-diff.ts';
