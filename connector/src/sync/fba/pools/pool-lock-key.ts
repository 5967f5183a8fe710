/**
 * The advisory-lock key of one FBA pool of a backend, shared by everything that changes the pool's ERP stock out
 * of band: the fba-stock flow's snapshot and approved counts, and this flow's delivery validations. Here (not in
 * fba-stock) because fba-stock reads the pools through this flow's index, never the other way round.
 */
export const poolLockKey = (backendId: number, pool: string): string => `fba-stock:${backendId}:${pool}`;
