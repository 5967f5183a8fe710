export { loadConfig, type Config, type BootstrapBackend, type LogLevel } from './config.ts';
export { redact } from './redact.ts';
export { loadOrCreateKeyFile } from './key-file.ts';
