/**
 * Checks an installation after an import the way a user would: in the ERP, exactly one confirmed sales order per
 * importable Amazon order with Amazon's total and Amazon's tax to the minor unit, none for the others, no customer twice; in the
 * connector, an open conflict with the right code for each order that could not be mapped.
 */
import { expect } from 'vitest';
import type { Stack } from './connector-stack.ts';
import { expectationOf, type Expectation, type SandboxOrder } from './expected-orders.ts';
import { toUnits } from './money.ts';

/**
 * Marketplaces of the demo seller whose currency stays inactive in the ERP: none, since the stack's set-up has the
 * integrator's consent and activates SEK (the seed leaves it inactive).
 */
export const INACTIVE_MARKETPLACES = new Set<string>();

export interface ImportSummary {
  imported: number;
  conflicts: number;
  other: number;
  erpOrders: number;
}

export async function verifyImport(stack: Stack, orderIds: readonly string[]): Promise<ImportSummary> {
  const expectations = new Map<string, Expectation>();
  for (const id of orderIds) expectations.set(id, expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder, INACTIVE_MARKETPLACES));
  const erpOrders = await stack.erpClient.searchRead('sale.order', [['client_order_ref', 'in', [...orderIds]]], ['client_order_ref', 'state', 'amount_total', 'amount_tax']);
  const byRef = new Map<string, typeof erpOrders>();
  for (const so of erpOrders) byRef.set(String(so.client_order_ref), [...(byRef.get(String(so.client_order_ref)) ?? []), so]);
  const { rows: conflicts } = await stack.env.db.pool.query<{ amazon_key: string; code: string }>(
    `select amazon_key, code from sync_conflict where backend_id = $1 and status = 'open'`,
    [stack.backendId],
  );
  const conflictCodes = new Map<string, Set<string>>();
  for (const c of conflicts) conflictCodes.set(c.amazon_key, new Set([...(conflictCodes.get(c.amazon_key) ?? []), c.code]));
  const { rows: states } = await stack.env.db.pool.query<{ amazon_order_id: string; sync_state: string }>(
    `select amazon_order_id, sync_state from amazon_order where backend_id = $1`,
    [stack.backendId],
  );
  const stateOf = new Map(states.map((s) => [s.amazon_order_id, s.sync_state]));

  const summary: ImportSummary = { imported: 0, conflicts: 0, other: 0, erpOrders: erpOrders.length };
  const wrong: string[] = [];
  for (const [id, exp] of expectations) {
    const sos = byRef.get(id) ?? [];
    if (exp.kind === 'import') {
      summary.imported++;
      if (sos.length !== 1) {
        wrong.push(`${id}: ${sos.length} ERP orders, expected 1 (state ${stateOf.get(id) ?? 'not stored'}, conflicts ${[...(conflictCodes.get(id) ?? [])].join(',') || 'none'})`);
      }
      else if (sos[0]!.state !== 'sale') wrong.push(`${id}: ERP state ${String(sos[0]!.state)}`);
      else if (toUnits(String(sos[0]!.amount_total)) !== toUnits(exp.total)) {
        wrong.push(`${id}: ERP total ${String(sos[0]!.amount_total)}, Amazon ${exp.total} ${exp.currency}`);
      } else if (toUnits(String(sos[0]!.amount_tax)) !== toUnits(exp.tax)) {
        wrong.push(`${id}: ERP tax ${String(sos[0]!.amount_tax)}, Amazon ${exp.tax} ${exp.currency}`);
      } else if (stateOf.get(id) !== 'imported') {
        wrong.push(`${id}: state ${stateOf.get(id) ?? 'not stored'} (conflicts ${[...(conflictCodes.get(id) ?? [])].join(',') || 'none'})`);
      }
    } else if (exp.kind === 'conflict') {
      summary.conflicts++;
      if (sos.length) wrong.push(`${id}: ${sos.length} ERP orders, expected none (conflict ${exp.code})`);
      if (!conflictCodes.get(id)?.has(exp.code)) wrong.push(`${id}: no open ${exp.code} conflict (has ${[...(conflictCodes.get(id) ?? [])].join(',') || 'none'})`);
    } else {
      summary.other++;
      if (sos.length) wrong.push(`${id}: ${sos.length} ERP orders, expected none (${exp.state})`);
      const state = stateOf.get(id);
      if (exp.state !== 'ignored' && state !== exp.state) wrong.push(`${id}: state ${state ?? 'not stored'}, expected ${exp.state}`);
    }
  }
  expect(wrong.slice(0, 20)).toEqual([]);

  // What Amazon said was shipped is kept with every imported order (for the shipment lifecycle).
  const { rows: noShipped } = await stack.env.db.pool.query<{ n: number }>(
    `select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported' and shipped is null`,
    [stack.backendId],
  );
  expect(noShipped[0]!.n).toBe(0);

  const partners = await stack.erpClient.searchRead('res.partner', [['ref', '=like', 'AMZ-%']], ['ref'], { context: { active_test: false } });
  const refs = partners.map((p) => String(p.ref));
  expect(refs.length).toBeGreaterThan(0);
  expect(new Set(refs).size).toBe(refs.length);
  return summary;
}

/** How many of `orderIds` the merchant fulfils: the sweep fetches only those (FBA orders are left alone). */
export function merchantOrders(stack: Stack, orderIds: readonly string[]): number {
  return orderIds.filter((id) => (stack.amazon.getOrder(id).order as unknown as SandboxOrder).fulfillment?.fulfilledBy !== 'AMAZON').length;
}
