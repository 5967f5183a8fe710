/**
 * One authorised Amazon merchant return -> one ERP return picking on the order's delivery, exactly once per
 * (order, RMA, SKU). Under the order's session lock (two returns of one order never pick the same units, and no
 * other worker makes this one meanwhile): the `return` binding first; then the ERP looked up by the RMA id in the
 * receipts' origin; then a receipt the last run made but could neither bind nor tag (it noted the delivery's
 * returns before the wizard: a new, untagged return of that delivery with this product and these units is that
 * run's); only then Odoo's return wizard, its receipt bound at once and tagged with the RMA id and reason. The
 * receipt waits for the warehouse unless `returns.validateAtOnce`.
 */
import { RetryableError, type ErrorCode } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { returnPickingGateway, hasRmaTag, STOCK_PICKING, type PickingView, type ReturnPickingGateway } from './erp/return-picking.gateway.ts';
import { pickDelivery } from './pick-delivery.ts';
import { requestStanding } from './return-row.ts';
import { RETURN_KIND, RETURNS_FLOW, returnKey, type ReturnRef } from './returns.payloads.ts';
import { returnsSettings } from './returns.settings.ts';
import { readStagedReturn, type StoredReturn } from './staged-return.ts';

type Env = Pick<TaskEnv, 'core' | 'runtimes' | 'db'>;

export type ReceiveOutcome =
  | { state: 'waiting' | 'received'; pickingId: number }
  | { state: 'conflict'; code: ErrorCode }
  | { state: 'pending' | 'refused' | 'missing' | 'cancelled' };

export async function receiveReturn(env: Env, backendId: number, ref: ReturnRef): Promise<ReceiveOutcome> {
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`return:${backendId}:${ref.orderId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `a return of order ${ref.orderId} is being handled by another worker`);
    const r = await readStagedReturn(env.db.pool, backendId, ref);
    if (!r) return { state: 'missing' };
    return await receive(env, backendId, r);
  } finally {
    await session.close();
  }
}

async function receive(env: Env, backendId: number, r: StoredReturn): Promise<ReceiveOutcome> {
  const { core } = env;
  const key = returnKey(r);
  const rt = await env.runtimes.get(backendId);
  const gw = returnPickingGateway(rt.erp);
  const facts = { orderId: r.orderId, rmaId: r.rmaId, sku: r.sku, quantity: r.quantity, status: r.status };
  const standing = requestStanding(r.status);
  if (standing !== 'authorised') {
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state: standing, code: null, detail: facts }], { stamp: false });
    return { state: standing };
  }
  const conflict = async (code: ErrorCode, message: string, diff: Record<string, unknown> = {}): Promise<ReceiveOutcome> => {
    await core.conflicts.raise({ backendId, kind: RETURN_KIND, amazonKey: key, code, message, diff: { amazonOrderId: r.orderId, rmaId: r.rmaId, sku: r.sku, units: r.quantity, ...diff } });
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state: 'conflict', code, detail: facts }]);
    return { state: 'conflict', code };
  };
  const bind = (pickingId: number) => core.binder.bind(backendId, { kind: 'return', amazonKey: key, erpModel: STOCK_PICKING, erpId: pickingId });
  const note = `Amazon return ${r.rmaId} of order ${r.orderId}: ${r.quantity} x ${r.sku}, reason ${r.reason || 'none given'}`;

  let picking: PickingView | null;
  const bound = await core.binder.toErp(backendId, 'return', key);
  if (bound) picking = await gw.readPicking(bound.erpId);
  else picking = (await findMade(env, backendId, gw, r, key)) ?? null;
  if (picking && !bound) await bind(picking.id);

  if (!picking) {
    const order = await core.binder.toErp(backendId, 'order', r.orderId);
    if (!order) return conflict('RETURN_ORDER_UNBOUND', `Amazon return ${r.rmaId}: order ${r.orderId} is not in the ERP`);
    const product = await core.binder.toErp(backendId, 'product', r.sku);
    const choice = await pickDelivery(gw, order.erpId, r.sku, r.quantity, product?.erpId ?? null);
    if (!choice.ok) return conflict(choice.code, `Amazon return ${r.rmaId} of order ${r.orderId}: ${choice.message}`, choice.diff);
    // Noted before the wizard: a crash before the binding leaves a receipt the next run recognises (findMade).
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state: 'creating', code: null, detail: { ...facts, deliveryId: choice.delivery.id, productId: choice.productId, knownReturns: choice.returns.map((x) => x.id) } }], { stamp: false });
    let id: number;
    try {
      id = await gw.createReturn(choice.delivery.id, choice.productId, r.quantity);
    } catch (e) {
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      return conflict('RETURN_PICKING_REFUSED', `the ERP refused the return picking of Amazon return ${r.rmaId}: ${(e as Error).message}`.slice(0, 500));
    }
    await bind(id);
    picking = await gw.readPicking(id);
  }
  if (!picking || picking.state === 'cancel') {
    // Cancelled in the ERP by a person: their decision stands, nothing is made again.
    await core.states.set(backendId, RETURNS_FLOW, [{ key, state: 'cancelled', code: null, detail: { ...facts, pickingId: bound?.erpId ?? picking?.id } }]);
    return { state: 'cancelled' };
  }
  if (!hasRmaTag(picking.origin, r.rmaId)) await gw.tag(picking, r.rmaId, note);
  if (picking.state !== 'done' && returnsSettings.of(rt.backend.settings).validateAtOnce) {
    try {
      if (!(await gw.validate(picking.id))) return conflict('RETURN_PICKING_REFUSED', `the ERP did not validate the return picking ${picking.name} at once (it asks for a wizard)`, { pickingId: picking.id });
    } catch (e) {
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      return conflict('RETURN_PICKING_REFUSED', `the ERP refused to validate the return picking ${picking.name}: ${(e as Error).message}`.slice(0, 500), { pickingId: picking.id });
    }
    picking = (await gw.readPicking(picking.id)) ?? picking;
  }
  const state = picking.state === 'done' ? 'received' : 'waiting';
  await core.states.set(backendId, RETURNS_FLOW, [{ key, state, code: null, detail: { ...facts, pickingId: picking.id, picking: picking.name } }]);
  await core.conflicts.resolveOpenForMany(backendId, RETURN_KIND, [key], { action: 'synced', by: RETURNS_FLOW });
  return { state, pickingId: picking.id };
}

/** A receipt made for this return by an earlier run that did not bind it: tagged with the RMA, or noted before the wizard. */
async function findMade(env: Env, backendId: number, gw: ReturnPickingGateway, r: StoredReturn, key: string): Promise<PickingView | undefined> {
  const tagged = await gw.findByRma(r.rmaId);
  if (tagged.length) {
    const moves = await gw.movesOf(tagged.map((p) => p.id));
    const codes = await gw.codesOf(moves.map((m) => m.productId));
    const product = await env.core.binder.toErp(backendId, 'product', r.sku);
    const ofSku = (pid: number) => (product ? product.erpId === pid : codes.get(pid) === r.sku);
    const mine = tagged.find((p) => moves.some((m) => m.pickingId === p.id && ofSku(m.productId)));
    if (mine) return mine;
  }
  const noted = (await env.core.states.get(backendId, RETURNS_FLOW, [key])).get(key);
  if (noted?.state !== 'creating') return undefined;
  const { deliveryId, productId, knownReturns } = noted.detail as { deliveryId?: number; productId?: number; knownReturns?: number[] };
  if (typeof deliveryId !== 'number' || typeof productId !== 'number') return undefined;
  const known = new Set(knownReturns ?? []);
  const fresh = (await gw.returnsOf([deliveryId])).filter((p) => !known.has(p.id) && !gw.taggedWithSomeRma(p));
  const moves = await gw.movesOf(fresh.map((p) => p.id));
  return fresh.find((p) => {
    const own = moves.filter((m) => m.pickingId === p.id);
    return own.length > 0 && own.every((m) => m.productId === productId) && own.reduce((s, m) => s + m.units, 0) === r.quantity;
  });
}
