/**
 * Finds or creates each order's customer and delivery contact exactly once: by binding, else by the ERP
 * reference derived from the PII-free key (so a crash between create and bind is healed; one search covers both
 * kinds), else created in one batched call per kind, then bound. Two workers importing orders of the same buyer are kept apart by a lock
 * per customer key (the order locks do not cover that), held only while this step runs.
 */
import { isSyncError, RetryableError, type SyncError } from '../../../core/errors.ts';
import { vatSettings } from '../../../core/vat/index.ts';
import type { TypedStep, TypedStepContext } from '../../../core/workflow/typed-step.ts';
import { PARTNER_MODEL, partnerGateway } from '../erp/partner.gateway.ts';
import { buyerVatRefused, isVatRefusal, vatRefusedNote } from '../erp/vat-refusal.ts';
import { erpCallsSettings } from '../../../erp/index.ts';
import { customerLockPatienceMs, withCustomerLocks } from './customer-locks.ts';
import { partnerRef, type Customers, type Found, type ImportDeps, type Mapped, type OrderRecord } from '../import-records.ts';

type In = OrderRecord & Mapped & Found;

type Kind = 'partner' | 'delivery_address';

interface Known {
  /** Bound keys of each kind -> ERP partner id. */
  bound: Map<string, number>;
  /** ERP partners found by reference (ref -> id), for keys without a binding. */
  byRef: Map<string, number>;
}

/**
 * What the connector and the ERP already know of `keys` (customers and delivery contacts alike): bindings first,
 * then ONE search by reference for everything unbound, so a batch pays a single ERP look-up for both kinds.
 */
async function lookUp(deps: ImportDeps, keys: Array<[Kind, string[]]>): Promise<Known> {
  const { core, rt } = deps;
  const bound = new Map<string, number>();
  for (const [kind, list] of keys) {
    for (const [k, b] of await core.binder.toErpMany(rt.backend.id, kind, list)) bound.set(k, b.erpId);
  }
  const refs = keys.flatMap(([, list]) => list).filter((k) => !bound.has(k)).map(partnerRef);
  const byRef = refs.length ? await partnerGateway(rt.erp).findByRefs([...new Set(refs)]) : new Map<string, number>();
  return { bound, byRef };
}

/** Ids of `wanted` partners: bound, found by reference (then bound), or created in one batched call (then bound). */
async function ensurePartners(
  deps: ImportDeps,
  kind: Kind,
  wanted: Map<string, Record<string, unknown>>,
  known: Known,
): Promise<{ ids: Map<string, number>; errors: Map<string, unknown> }> {
  const { core, rt } = deps;
  const ids = new Map<string, number>();
  const errors = new Map<string, unknown>();
  const unbound: string[] = [];
  for (const k of wanted.keys()) {
    const id = known.bound.get(k);
    if (id === undefined) unbound.push(k);
    else ids.set(k, id);
  }
  if (!unbound.length) return { ids, errors };
  for (const k of unbound) {
    const id = known.byRef.get(partnerRef(k));
    if (id !== undefined) ids.set(k, id);
  }
  const toCreate = unbound.filter((k) => !ids.has(k));
  if (toCreate.length) {
    // One refused record fails its whole batch in the ERP: createMany halves it until the refused one fails alone.
    const results = await partnerGateway(rt.erp).create(toCreate.map((k) => ({ vals: wanted.get(k)!, ref: partnerRef(k) })), deps.batchSize);
    results.forEach((res, i) => (res.ok ? ids.set(toCreate[i]!, res.id) : errors.set(toCreate[i]!, res.error)));
    await handleRefusedVat(deps, wanted, ids, errors);
  }
  const newlyKnown = unbound.filter((k) => ids.has(k));
  await core.binder.bindMany(
    rt.backend.id,
    newlyKnown.map((k) => ({ kind, amazonKey: k, erpModel: PARTNER_MODEL, erpId: ids.get(k)! })),
  );
  return { ids, errors };
}

/**
 * Customers whose VAT number the ERP refused (Odoo's base_vat): by the backend's `vat.invalidBuyerVat`, their
 * orders wait as a BUYER_VAT_REFUSED conflict (Odoo's reason without the buyer's data), or the customer is created
 * without the number, which is kept in the contact's internal note (see vat-refusal.ts).
 */
async function handleRefusedVat(deps: ImportDeps, wanted: Map<string, Record<string, unknown>>, ids: Map<string, number>, errors: Map<string, unknown>): Promise<void> {
  const refused: Array<{ key: string; vat: string; name: string; error: SyncError }> = [];
  for (const [key, error] of errors) {
    const vals = wanted.get(key)!;
    const vat = typeof vals.vat === 'string' ? vals.vat : '';
    if (vat && isSyncError(error) && isVatRefusal(error, vat)) refused.push({ key, vat, name: String(vals.name ?? ''), error });
  }
  if (!refused.length) return;
  if (vatSettings.of(deps.rt.backend.settings).invalidBuyerVat === 'wait') {
    for (const r of refused) errors.set(r.key, buyerVatRefused(r.error, r));
    return;
  }
  const withoutVat = refused.map((r) => {
    const { vat: _refused, ...vals } = wanted.get(r.key)!;
    return { vals: { ...vals, comment: vatRefusedNote(r.vat) }, ref: partnerRef(r.key) };
  });
  const results = await partnerGateway(deps.rt.erp).create(withoutVat, deps.batchSize);
  results.forEach((res, i) => {
    const r = refused[i]!;
    if (res.ok) {
      ids.set(r.key, res.id);
      errors.delete(r.key);
    } else errors.set(r.key, res.error);
  });
}

export function resolveCustomersStep(deps: ImportDeps): TypedStep<In, Customers> {
  return {
    name: 'resolve-customer',
    noCompensation: 'customers and addresses are shared by later orders and found again by reference: never undone',
    async invoke(records, ctx) {
      const todo: In[] = [];
      // An order the ERP already holds needs no customer: its sales order has one.
      for (const r of records) {
        if (r.existing) ctx.done(r, { customer: null });
        else todo.push(r);
      }
      const keyOf = (r: In) => `partner:${deps.rt.backend.id}:${r.mapped.partner.key}`;
      const lockKeys = [...new Set(todo.map(keyOf))];
      try {
        const patienceMs = customerLockPatienceMs(erpCallsSettings.of(deps.rt.backend.settings).targetCallSeconds);
        // Held only while those customers are found or created and bound (customer-locks.ts: in rounds, none held
        // while waiting); the rest of the import needs no lock on them.
        const resolveHeld = async (held: string[]) => {
          const mine = new Set(held);
          await resolve(deps, todo.filter((r) => mine.has(keyOf(r))), ctx);
        };
        const busy = await withCustomerLocks(deps.locks, lockKeys, resolveHeld, { patienceMs, ...(deps.signal ? { signal: deps.signal } : {}) });
        for (const r of todo) if (busy.has(keyOf(r))) ctx.fail(r, new RetryableError('LOCK_BUSY', 'another worker is creating this customer', {}));
      } finally {
        await deps.locks.unlock(lockKeys);
      }
    },
  };
}

/** Finds or creates the customers, then the delivery addresses, of `live`: orders whose customer lock is held. */
async function resolve(deps: ImportDeps, live: In[], ctx: TypedStepContext<In, Customers>): Promise<void> {
  const customers = new Map(live.map((r) => [r.mapped.partner.key, r.mapped.partner.vals]));
  const addressKeys = live.flatMap((r) => (r.mapped.delivery ? [r.mapped.delivery.key] : []));
  const known = await lookUp(deps, [['partner', [...customers.keys()]], ['delivery_address', [...new Set(addressKeys)]]]);
  const c = await ensurePartners(deps, 'partner', customers, known);
  const addresses = new Map<string, Record<string, unknown>>();
  const withCustomer: Array<[In, number]> = [];
  for (const r of live) {
    const customerId = c.ids.get(r.mapped.partner.key);
    if (customerId === undefined) {
      ctx.fail(r, c.errors.get(r.mapped.partner.key) ?? new RetryableError('ERP_UNAVAILABLE', 'customer not created'));
      continue;
    }
    withCustomer.push([r, customerId]);
    const d = r.mapped.delivery;
    if (d) addresses.set(d.key, { ...d.vals, parent_id: customerId, type: 'delivery' });
  }
  const a = await ensurePartners(deps, 'delivery_address', addresses, known);
  for (const [r, partnerId] of withCustomer) {
    const d = r.mapped.delivery;
    const deliveryId = d ? a.ids.get(d.key) : null;
    if (d && deliveryId === undefined) ctx.fail(r, a.errors.get(d.key) ?? new RetryableError('ERP_UNAVAILABLE', 'delivery address not created'));
    else ctx.done(r, { customer: { partnerId, deliveryId: deliveryId ?? null } });
  }
}
