export * from './backend-record.ts';
export * from './backend-service.ts';
export * from './backend-settings.ts';
