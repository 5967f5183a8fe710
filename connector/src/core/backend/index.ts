export * from './backend-record.ts';
export * from './backend-service.ts';
export * from './erp-url.ts';
export * from './settings/index.ts';
export * from './backend-changes.ts';
export * from './must-exist.ts';
