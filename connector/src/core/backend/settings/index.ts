export * from './namespace.ts';
export * from './compose.ts';
export { migrateSettings } from './migrate.ts';
export { privacySettings } from './privacy.settings.ts';
export { retentionSettings } from './retention.settings.ts';
export { erpSetupSettings } from './erp-setup.settings.ts';
export { goLiveSettings, goLiveOf, type GoLive, type GoLiveFlow } from './go-live.settings.ts';
