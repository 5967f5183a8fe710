export * from './conflict-types.ts';
export * from './conflict-service.ts';
export * from './field-diff.ts';
