/**
 * Finds or creates each order's customer and delivery contact exactly once: by binding, else by the ERP
 * reference derived from the PII-free key (so a crash between create and bind is healed), else created in one
 * batched call per kind, then bound. Two workers importing orders of the same buyer are kept apart by a lock
 * per customer key (the order locks do not cover that), held only while this step runs.
 */
import { RetryableError } from '../../../core/errors.ts';
import type { LockSet } from '../../../core/lock.ts';
import type { Step, StepContext } from '../../../core/workflow/step.ts';
import { partnerRef, type ImportDeps, type OrderWork } from '../order-work.ts';

type Kind = 'partner' | 'delivery_address';

async function ensurePartners(
  deps: ImportDeps,
  kind: Kind,
  wanted: Map<string, Record<string, unknown>>,
): Promise<{ ids: Map<string, number>; errors: Map<string, unknown> }> {
  const { core, rt } = deps;
  const ids = new Map<string, number>();
  const errors = new Map<string, unknown>();
  const keys = [...wanted.keys()];
  if (!keys.length) return { ids, errors };
  for (const [k, b] of await core.binder.toErpMany(rt.backend.id, kind, keys)) ids.set(k, b.erpId);
  const unbound = keys.filter((k) => !ids.has(k));
  if (unbound.length) {
    const refs = new Map(unbound.map((k) => [partnerRef(k), k]));
    const found = await rt.erp.searchRead('res.partner', [['ref', 'in', [...refs.keys()]]], ['ref'], {
      order: 'id asc',
      context: { active_test: false },
    });
    for (const p of found) {
      const key = refs.get(String(p.ref));
      if (key && !ids.has(key)) ids.set(key, p.id);
    }
    const toCreate = unbound.filter((k) => !ids.has(k));
    const results = await rt.erp.createMany('res.partner', toCreate.map((k) => ({ ...wanted.get(k), ref: partnerRef(k) })), {
      batchSize: deps.batchSize,
    });
    results.forEach((res, i) => (res.ok ? ids.set(toCreate[i]!, res.id) : errors.set(toCreate[i]!, res.error)));
    const newlyKnown = unbound.filter((k) => ids.has(k));
    await core.binder.bindMany(
      rt.backend.id,
      newlyKnown.map((k) => ({ kind, amazonKey: k, erpModel: 'res.partner', erpId: ids.get(k)! })),
    );
  }
  return { ids, errors };
}

const LOCK_PATIENCE_MS = 1_500;

/**
 * Takes the customer locks of a batch. A busy one usually frees within a few hundred milliseconds (another batch
 * is creating the same repeat buyer), so it is retried briefly before its orders are deferred.
 */
async function lockCustomers(deps: ImportDeps, keys: string[], held: LockSet[]): Promise<Set<string>> {
  let busy = keys;
  const until = Date.now() + LOCK_PATIENCE_MS;
  for (;;) {
    const set = await deps.core.locker.tryLockMany(busy);
    held.push(set);
    busy = set.busy;
    if (!busy.length || Date.now() > until) return new Set(busy);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function resolveCustomersStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'resolve-customer',
    noCompensation: 'customers and addresses are shared by later orders and found again by reference: never undone',
    async invoke(records, ctx) {
      const todo = records.filter((r) => r.saleOrderId === undefined);
      const lockKeys = [...new Set(todo.map((r) => `partner:${deps.rt.backend.id}:${r.mapped!.partner.key}`))];
      const held: LockSet[] = [];
      try {
        await resolve(deps, todo, await lockCustomers(deps, lockKeys, held), ctx);
      } finally {
        // Held only while customers are found or created and bound: the rest of the import needs no lock on them.
        await Promise.all(held.map((l) => l.release()));
      }
    },
  };
}

/** Finds or creates the customers, then the delivery addresses, of the orders whose customer lock is held. */
async function resolve(deps: ImportDeps, todo: OrderWork[], busy: Set<string>, ctx: StepContext<OrderWork>): Promise<void> {
  const live: OrderWork[] = [];
  for (const r of todo) {
    if (busy.has(`partner:${deps.rt.backend.id}:${r.mapped!.partner.key}`)) {
      ctx.fail(r, new RetryableError('LOCK_BUSY', 'another worker is creating this customer', {}));
    } else live.push(r);
  }
  const customers = new Map(live.map((r) => [r.mapped!.partner.key, r.mapped!.partner.vals]));
  const c = await ensurePartners(deps, 'partner', customers);
  const addresses = new Map<string, Record<string, unknown>>();
  for (const r of live) {
    const customerId = c.ids.get(r.mapped!.partner.key);
    if (customerId === undefined) {
      ctx.fail(r, c.errors.get(r.mapped!.partner.key) ?? new RetryableError('ERP_UNAVAILABLE', 'customer not created'));
      continue;
    }
    r.partnerId = customerId;
    const d = r.mapped!.delivery;
    if (d) addresses.set(d.key, { ...d.vals, parent_id: customerId, type: 'delivery' });
  }
  const a = await ensurePartners(deps, 'delivery_address', addresses);
  for (const r of live) {
    const d = r.mapped!.delivery;
    if (r.partnerId === undefined || !d) continue;
    const id = a.ids.get(d.key);
    if (id === undefined) ctx.fail(r, a.errors.get(d.key) ?? new RetryableError('ERP_UNAVAILABLE', 'delivery address not created'));
    else r.deliveryId = id;
  }
}
