export { loadConfig, type Config, type BootstrapBackend, type LogLevel, type PanelConfig } from './config.ts';
export { redact } from './redact.ts';
export { loadOrCreateKeyFile } from './key-file.ts';
