export type { QuotaGate, UsagePlan } from './quota-gate.ts';
export { createPgQuotaGate, DEFAULT_MAX_WAIT_MS, type PgQuotaGateOptions } from './pg-quota-gate.ts';
export { applyRateOverrides, type SqlRunner } from './overrides.ts';
