export * from './backend-service.ts';
export * from './backend-settings.ts';
