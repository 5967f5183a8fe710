/**
 * The authorised Amazon merchant returns of one RMA -> ERP return pickings on the order's deliveries: one picking
 * per (order, RMA, delivery) carrying every SKU of the RMA returned from that delivery (one wizard line per SKU), and
 * each (order, RMA, SKU) returned exactly once. The task is queued per SKU but works on the whole RMA under the
 * order's session lock (two returns of one order never pick the same units, and no other worker makes these
 * meanwhile), so the first SKU's run makes the RMA's pickings and the others find them bound.
 *
 * Per SKU, what is already made is found first: its `return` bindings (key `<order>/<RMA>/<SKU>` for its first
 * picking, `<order>/<RMA>/<SKU>@<delivery id>` for a further one when its units came from several deliveries; each
 * binding's `state` holds the item key, delivery, product and units); then pickings an earlier run made but could not
 * bind: a return of the order's deliveries tagged with the RMA id, or an untagged new return of the delivery the
 * run noted before the wizard (`creating`) holding exactly the noted products and units. Only the units not yet
 * covered are planned (pick-delivery.ts) and made through Odoo's return wizard, the receipt bound at once, then
 * tagged with the RMA id and reasons. A SKU the report adds to an RMA after its picking was made gets a picking of
 * its own (the first one is never edited: the warehouse may be receiving it). The receipt waits for the warehouse
 * unless `returns.validateAtOnce`.
 */
import { RetryableError, type ErrorCode } from '../../core/errors.ts';
import type { BindInput } from '../../core/binding/binder.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { returnPickingGateway, hasRmaTag, STOCK_PICKING, type PickingView, type ReturnLine } from './erp/return-picking.gateway.ts';
import { deliveredProduct, readDeliveries, take, type OrderDeliveries } from './pick-delivery.ts';
import { requestStanding } from './return-row.ts';
import { RETURN_KIND, RETURNS_FLOW, returnKey, type ReturnRef } from './returns.payloads.ts';
import { returnsSettings } from './returns.settings.ts';
import { readStagedRma, type StoredReturn } from './staged-return.ts';

type Env = Pick<TaskEnv, 'core' | 'runtimes' | 'db'>;

export type ReceiveOutcome =
  | { state: 'waiting' | 'received'; pickingId: number }
  | { state: 'conflict'; code: ErrorCode }
  | { state: 'pending' | 'refused' | 'missing' | 'cancelled' };

/** A picking (or the share of one) returning units of one SKU; `units` null for a binding older than the split. */
interface Part { pickingId: number; deliveryId: number | null; productId: number | null; units: number | null }
/** What a `return` binding's state holds (bindings made before it hold nothing: the whole return). */
interface PartState { item: string; deliveryId: number; productId: number; units: number }
/** The note left before the wizard (record state `creating`): what that call returns, from which delivery. */
interface CreatingNote { deliveryId: number; knownReturns: number[]; lines: Array<{ key: string; productId: number; units: number }> }

/** The binding key of an item's further picking (its first one is bound under the item's own key). */
export const partKey = (itemKey: string, deliveryId: number): string => `${itemKey}@${deliveryId}`;

export async function receiveReturn(env: Env, backendId: number, ref: ReturnRef): Promise<ReceiveOutcome> {
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`return:${backendId}:${ref.orderId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `a return of order ${ref.orderId} is being handled by another worker`);
    const rows = await readStagedRma(env.db.pool, backendId, ref.orderId, ref.rmaId);
    if (!rows.some((r) => r.sku === ref.sku)) return { state: 'missing' };
    const outcomes = await receiveRma(env, backendId, rows);
    return outcomes.get(returnKey(ref)) ?? { state: 'missing' };
  } finally {
    await session.close();
  }
}

async function receiveRma(env: Env, backendId: number, rows: readonly StoredReturn[]): Promise<Map<string, ReceiveOutcome>> {
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  const gw = returnPickingGateway(rt.erp);
  const outcomes = new Map<string, ReceiveOutcome>();
  const facts = (r: StoredReturn) => ({ orderId: r.orderId, rmaId: r.rmaId, sku: r.sku, quantity: r.quantity, status: r.status });
  const conflict = async (r: StoredReturn, code: ErrorCode, message: string, diff: Record<string, unknown> = {}) => {
    const key = returnKey(r);
    await core.conflicts.raise({ backendId, kind: RETURN_KIND, amazonKey: key, code, message, diff: { amazonOrderId: r.orderId, rmaId: r.rmaId, sku: r.sku, units: r.quantity, ...diff } });
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state: 'conflict', code, detail: facts(r) }]);
    outcomes.set(key, { state: 'conflict', code });
  };

  const items: StoredReturn[] = [];
  for (const r of rows) {
    const standing = requestStanding(r.status);
    if (standing === 'authorised') items.push(r);
    else {
      await core.states.set(backendId, RETURNS_FLOW, [{ key: returnKey(r), state: standing, code: null, detail: facts(r) }], { stamp: false });
      outcomes.set(returnKey(r), { state: standing });
    }
  }
  if (!items.length) return outcomes;
  const { orderId, rmaId } = items[0]!;

  const order = await core.binder.toErp(backendId, 'order', orderId);
  const od: OrderDeliveries | null = order ? await readDeliveries(gw, order.erpId) : null;
  const deliveries = od?.deliveries ?? [];
  const products = new Map<string, number | null>();
  for (const r of items) {
    const bound = await core.binder.toErp(backendId, 'product', r.sku);
    products.set(r.sku, od ? deliveredProduct(od, r.sku, bound?.erpId ?? null) : null);
  }

  // What is already made: the bindings, then the pickings an earlier run made and could not bind.
  const parts = new Map<string, Part[]>(items.map((r) => [returnKey(r), []]));
  const keys = items.flatMap((r) => [returnKey(r), ...deliveries.map((d) => partKey(returnKey(r), d.id))]);
  for (const b of (await core.binder.toErpMany(backendId, 'return', keys)).values()) {
    const s = b.state as PartState | null;
    const item = s?.item ?? b.amazonKey;
    parts.get(item)?.push({ pickingId: b.erpId, deliveryId: s?.deliveryId ?? null, productId: s?.productId ?? null, units: s?.units ?? null });
  }
  const toBind: BindInput[] = [];
  const addPart = (r: StoredReturn, pickingId: number, deliveryId: number, productId: number, units: number) => {
    const key = returnKey(r);
    const mine = parts.get(key)!;
    toBind.push({ kind: 'return', amazonKey: mine.length ? partKey(key, deliveryId) : key, erpModel: STOCK_PICKING, erpId: pickingId, state: { item: key, deliveryId, productId, units } satisfies PartState });
    mine.push({ pickingId, deliveryId, productId, units });
  };
  if (od) {
    const known = new Set([...parts.values()].flat().map((p) => p.pickingId));
    const unbound: PickingView[] = [];
    for (const p of od.returns) if (!known.has(p.id) && !(await core.binder.toAmazon(backendId, 'return', STOCK_PICKING, p.id))) unbound.push(p);
    const movesOf = (pickingId: number) => od.returnMoves.filter((m) => m.pickingId === pickingId);
    const hasPartOn = (r: StoredReturn, deliveryId: number) => parts.get(returnKey(r))!.some((p) => p.deliveryId === deliveryId || p.units === null);
    // Tagged with the RMA: the run died after tagging. Its moves say which SKUs it returns.
    for (const p of unbound.filter((x) => hasRmaTag(x.origin, rmaId) && x.returnOf !== null)) {
      for (const r of items) {
        const units = movesOf(p.id).filter((m) => m.productId === products.get(r.sku)).reduce((s, m) => s + m.units, 0);
        if (units > 0 && !hasPartOn(r, p.returnOf!)) addPart(r, p.id, p.returnOf!, products.get(r.sku)!, units);
      }
    }
    // Noted before the wizard: the run died right after it. A new untagged return holding exactly the noted lines.
    const states = await core.states.get(backendId, RETURNS_FLOW, items.map(returnKey));
    const taken = new Set(toBind.map((b) => b.erpId));
    for (const r of items) {
      const note = creatingNote(states.get(returnKey(r)), r);
      if (!note || hasPartOn(r, note.deliveryId)) continue;
      const fresh = unbound.find((p) => p.returnOf === note.deliveryId && !taken.has(p.id) && !note.knownReturns.includes(p.id) && !gw.taggedWithSomeRma(p) && sameLines(movesOf(p.id), note.lines));
      if (!fresh) continue;
      taken.add(fresh.id);
      for (const line of note.lines) {
        const item = items.find((x) => returnKey(x) === line.key);
        if (item && !hasPartOn(item, note.deliveryId)) addPart(item, fresh.id, note.deliveryId, line.productId, line.units);
      }
    }
  }
  if (toBind.length) await core.binder.bindMany(backendId, toBind.splice(0));

  // The units not yet covered, planned over the deliveries; each SKU all or nothing.
  const plan = new Map<number, Array<{ r: StoredReturn; productId: number; units: number }>>();
  for (const r of items) {
    const mine = parts.get(returnKey(r))!;
    const rest = mine.some((p) => p.units === null) ? 0 : r.quantity - mine.reduce((s, p) => s + (p.units ?? 0), 0);
    if (rest <= 0) continue;
    const productId = products.get(r.sku) ?? null;
    if (!order) await conflict(r, 'RETURN_ORDER_UNBOUND', `Amazon return ${rmaId}: order ${orderId} is not in the ERP`);
    else if (!deliveries.length) await conflict(r, 'RETURN_NO_DELIVERY', `Amazon return ${rmaId} of order ${orderId}: the sales order has no done delivery`, { saleOrderId: order.erpId });
    else if (productId === null) await conflict(r, 'RETURN_SKU_NOT_DELIVERED', `Amazon return ${rmaId} of order ${orderId}: no done delivery of the sales order carried SKU ${r.sku}`, { saleOrderId: order.erpId, deliveries: deliveries.map((d) => d.name) });
    else {
      const t = take(od!, r.sku, productId, rest);
      if (!t.ok) await conflict(r, t.code, `Amazon return ${rmaId} of order ${orderId}: ${t.message}`, t.diff);
      else for (const p of t.parts) plan.set(p.deliveryId, [...(plan.get(p.deliveryId) ?? []), { r, productId, units: p.units }]);
    }
  }
  for (const [deliveryId, lines] of plan) {
    const note: CreatingNote = { deliveryId, knownReturns: od!.returns.filter((x) => x.returnOf === deliveryId).map((x) => x.id), lines: lines.map((l) => ({ key: returnKey(l.r), productId: l.productId, units: l.units })) };
    // Noted before the wizard: a crash before the binding leaves a receipt the next run recognises.
    await core.states.set(backendId, RETURNS_FLOW, lines.map((l) => ({ key: returnKey(l.r), state: 'creating', code: null, detail: { ...facts(l.r), creating: note } })), { stamp: false });
    const wanted = new Map<number, number>();
    for (const l of lines) wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.units);
    let id: number;
    try {
      id = await gw.createReturn(deliveryId, [...wanted].map(([productId, units]): ReturnLine => ({ productId, units })));
    } catch (e) {
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      for (const l of lines) await conflict(l.r, 'RETURN_PICKING_REFUSED', `the ERP refused the return picking of Amazon return ${rmaId}: ${(e as Error).message}`.slice(0, 500));
      continue;
    }
    for (const l of lines) addPart(l.r, id, deliveryId, l.productId, l.units);
    await core.binder.bindMany(backendId, toBind.splice(0));
  }

  await settle(env, backendId, items.filter((r) => !outcomes.has(returnKey(r))), parts, outcomes, conflict);
  return outcomes;
}

/** Tags the RMA's pickings, validates them with `validateAtOnce`, and records each SKU by its pickings' states. */
async function settle(env: Env, backendId: number, items: readonly StoredReturn[], parts: ReadonlyMap<string, Part[]>, outcomes: Map<string, ReceiveOutcome>,
  conflict: (r: StoredReturn, code: ErrorCode, message: string, diff?: Record<string, unknown>) => Promise<void>): Promise<void> {
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  const gw = returnPickingGateway(rt.erp);
  const pickings = new Map<number, PickingView | null>();
  for (const id of new Set(items.flatMap((r) => parts.get(returnKey(r))!.map((p) => p.pickingId)))) pickings.set(id, await gw.readPicking(id));
  const refused = new Set<number>();
  for (const [id, p] of pickings) {
    if (!p || p.state === 'cancel') continue;
    const on = items.filter((r) => parts.get(returnKey(r))!.some((x) => x.pickingId === id));
    const rmaId = on[0]!.rmaId;
    if (!hasRmaTag(p.origin, rmaId)) {
      const what = on.map((r) => `${parts.get(returnKey(r))!.filter((x) => x.pickingId === id).reduce((s, x) => s + (x.units ?? r.quantity), 0)} x ${r.sku} (reason ${r.reason || 'none given'})`);
      await gw.tag(p, rmaId, `Amazon return ${rmaId} of order ${on[0]!.orderId}: ${what.join(', ')}`);
    }
    if (p.state !== 'done' && returnsSettings.of(rt.backend.settings).validateAtOnce) {
      let message: string | null = null;
      try {
        if (!(await gw.validate(id))) message = `the ERP did not validate the return picking ${p.name} at once (it asks for a wizard)`;
      } catch (e) {
        if ((e as { kind?: string }).kind === 'retryable') throw e;
        message = `the ERP refused to validate the return picking ${p.name}: ${(e as Error).message}`.slice(0, 500);
      }
      if (message) {
        refused.add(id);
        for (const r of on) await conflict(r, 'RETURN_PICKING_REFUSED', message, { pickingId: id });
        continue;
      }
      pickings.set(id, await gw.readPicking(id));
    }
  }
  for (const r of items) {
    const mine = parts.get(returnKey(r))!;
    if (!mine.length || mine.some((p) => refused.has(p.pickingId))) continue;
    const views = mine.map((p) => pickings.get(p.pickingId) ?? null);
    const live = views.filter((v): v is PickingView => v !== null && v.state !== 'cancel');
    const key = returnKey(r);
    const detail = { orderId: r.orderId, rmaId: r.rmaId, sku: r.sku, quantity: r.quantity, status: r.status };
    if (!live.length) {
      // Cancelled in the ERP by a person: their decision stands, nothing is made again.
      await core.states.set(backendId, RETURNS_FLOW, [{ key, state: 'cancelled', code: null, detail: { ...detail, pickingId: mine[0]!.pickingId } }]);
      outcomes.set(key, { state: 'cancelled' });
      continue;
    }
    const state = live.every((v) => v.state === 'done') ? 'received' : 'waiting';
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state, code: null, detail: { ...detail, pickingId: live[0]!.id, picking: live.map((v) => v.name).join(', '), pickingIds: live.map((v) => v.id) } }]);
    await core.conflicts.resolveOpenForMany(backendId, RETURN_KIND, [key], { action: 'synced', by: RETURNS_FLOW });
    outcomes.set(key, { state, pickingId: live[0]!.id });
  }
}

/** The note a run left before its wizard (this version's, or an older one's: one product, the whole return). */
function creatingNote(s: { state: string; detail: Record<string, unknown> } | undefined, r: StoredReturn): CreatingNote | null {
  if (s?.state !== 'creating') return null;
  const d = s.detail;
  if (d.creating && typeof d.creating === 'object') return d.creating as CreatingNote;
  if (typeof d.deliveryId !== 'number' || typeof d.productId !== 'number') return null;
  return { deliveryId: d.deliveryId, knownReturns: Array.isArray(d.knownReturns) ? (d.knownReturns as number[]) : [], lines: [{ key: returnKey(r), productId: d.productId, units: r.quantity }] };
}

/** Whether a picking's moves hold exactly the noted products and units. */
function sameLines(moves: ReadonlyArray<{ productId: number; units: number }>, lines: CreatingNote['lines']): boolean {
  if (!moves.length) return false;
  const sum = (xs: ReadonlyArray<{ productId: number; units: number }>) => {
    const m = new Map<number, number>();
    for (const x of xs) m.set(x.productId, (m.get(x.productId) ?? 0) + x.units);
    return m;
  };
  const a = sum(moves);
  const b = sum(lines);
  return a.size === b.size && [...a].every(([p, n]) => b.get(p) === n);
}
