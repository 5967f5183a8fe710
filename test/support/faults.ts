/**
 * Faults over HTTP, as a test or an integrator drives the sandboxes from outside: a rule into the Amazon or the ERP
 * sandbox's `/_sandbox/faults`, what fired since, and the rules cleared. The shapes are the sandboxes' own
 * (sandbox/amazon/README.md and sandbox/erp/README.md, "Faults").
 */
import type { FaultRule, FaultsSnapshot } from '../../sandbox/amazon/src/index.ts';
import type { ErpFaultRule, ErpFaultsSnapshot } from '../../sandbox/erp/src/index.ts';

/** Anything with the sandbox's base URL (`AmazonSandbox`, `RunningErpSandbox`, or `{ url }` of a child process). */
export interface HasUrl {
  url: string;
}

async function admin<T>(base: HasUrl, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<T> {
  const res = await fetch(`${base.url}/_sandbox/faults`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${base.url}/_sandbox/faults: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Adds an Amazon fault rule, e.g. `{operation: '*', percent: 20, kinds: ['429', '500', '503', 'timeout', 'drop'], seed: 1}`. */
export async function amazonFaultRule(amazon: HasUrl, rule: FaultRule): Promise<{ id: number; endsAt: number | null }> {
  return (await admin<{ rule: { id: number; endsAt: number | null } }>(amazon, 'POST', rule)).rule;
}

/** Adds an ERP fault rule, e.g. `{target: 'writes', percent: 10, kinds: ['502', 'drop_after_commit'], seed: 1}`. */
export async function erpFaultRule(erp: HasUrl, rule: ErpFaultRule): Promise<{ id: number; endsAt: number | null }> {
  return (await admin<{ rule: { id: number; endsAt: number | null } }>(erp, 'POST', rule)).rule;
}

/** The Amazon sandbox's rules and the faults it gave (by kind and operation). */
export function amazonFaults(amazon: HasUrl): Promise<FaultsSnapshot> {
  return admin<FaultsSnapshot>(amazon, 'GET');
}

/** The ERP sandbox's rules and the faults it gave (by kind and `model.method`). */
export function erpFaults(erp: HasUrl): Promise<ErpFaultsSnapshot> {
  return admin<ErpFaultsSnapshot>(erp, 'GET');
}

/** Stops the faults of either sandbox (the counters stay). */
export async function clearFaults(sandbox: HasUrl): Promise<void> {
  await admin(sandbox, 'DELETE');
}
