export * from './flow-health.ts';
