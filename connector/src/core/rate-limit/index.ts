export type { OverrideSource, QuotaGate, RateOverride, UsagePlan } from './quota-gate.ts';
export { createPgQuotaGate, DEFAULT_MAX_WAIT_MS, type PgQuotaGateOptions } from './pg-quota-gate.ts';
export { quotaKeysFor, type QuotaKeys } from './quota-keys.ts';
