export * from './flow-health.ts';
export * from './auth-refusals.ts';
