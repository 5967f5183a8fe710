export { loadConfig, type Config, type LogLevel } from './config.ts';
export type { BootstrapBackend } from './bootstrap.ts';
export type { AmazonAppConfig, PanelConfig } from './panel.ts';
export { redact } from './redact.ts';
export { loadOrCreateKeyFile } from './key-file.ts';
