/**
 * One returned FBA unit row -> the ERP, exactly once, under the order's session lock (the rows of one order share
 * its delivery): the unit comes back by a return receipt of the order's FBA delivery (Odoo's return wizard),
 * routed by disposition to the pool's Stock or Unsellable location and validated; a later revision of the
 * disposition that changes where the unit belongs is an internal transfer between the two, once per revision,
 * never a second return. Every ERP document carries the row's marker in `origin`: the binding first, then that
 * look-up, and only then a create, bound at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryableError, type ErrorCode } from '../../core/errors.ts';
import type { LockSession } from '../../core/lock.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { poolLocations, poolLockKey, poolOfMarketplace, poolStockGateway, productsOfSkus, type PoolLocations } from '../fba/index.ts';
import { orderDocuments } from '../orders/index.ts';
import { locationRoleOf, type LocationRole } from './dispositions.ts';
import { fbaReturnGateway, PICKING, type FbaReturnGateway, type PickingRow } from './erp/fba-return.gateway.ts';
import { FBA_RETURN_KIND, FBA_RETURNS_FLOW, RETURN_BINDING, REVISION_BINDING } from './fba-returns.payloads.ts';
import { getReturnRow, setErpLocation, unitsReturnedBefore, type ReturnRow } from './return-rows.ts';

/** How long a validation waits for its pool's lock. */
const POOL_LOCK_WAIT_MS = 2_000;
/** The fba flow's binding of an order's validated delivery. */
const DELIVERY_BINDING = 'fba_delivery';

export type ApplyOutcome =
  | { state: 'returned'; location: LocationRole; returnId: number; moves: number }
  | { state: 'conflict'; code: ErrorCode }
  | { state: 'missing' };

type Env = Pick<TaskEnv, 'core' | 'runtimes' | 'db'>;
export const returnMarker = (rowKey: string) => `Amazon FBA return ${rowKey}`;
export const revisionMarker = (rowKey: string, revision: number) => `${returnMarker(rowKey)} revision ${revision}`;

export async function applyFbaReturn(env: Env, backendId: number, rowKey: string): Promise<ApplyOutcome> {
  const first = await getReturnRow(env.db.pool, backendId, rowKey);
  if (!first) return { state: 'missing' };
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`fba-return:${backendId}:${first.orderId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `the returns of order ${first.orderId} are being handled by another worker`);
    // Read again under the lock: a report delivered meanwhile may have revised it.
    return await apply(env, backendId, (await getReturnRow(env.db.pool, backendId, rowKey))!, session);
  } finally {
    await session.close();
  }
}

async function apply(env: Env, backendId: number, row: ReturnRow, lock: LockSession): Promise<ApplyOutcome> {
  const { core } = env;
  const conflict = async (code: ErrorCode, message: string): Promise<ApplyOutcome> => {
    await core.conflicts.raise({ backendId, kind: FBA_RETURN_KIND, amazonKey: row.rowKey, code, message, diff: { amazonOrderId: row.orderId, sku: row.sku, disposition: row.disposition, quantity: row.quantity } });
    await core.states.set(backendId, FBA_RETURNS_FLOW, [{ key: row.rowKey, state: 'conflict', code, detail: { orderId: row.orderId, disposition: row.disposition } }]);
    return { state: 'conflict', code };
  };
  const rt = await env.runtimes.get(backendId);
  // The pool of the order's own marketplace (a report of one marketplace may list another's orders where Amazon
  // reports a region); the report's marketplace when the order is not stored.
  const stored = (await orderDocuments(core.documents).getMany(backendId, [row.orderId])).found.get(row.orderId)?.order;
  const marketplaceId = stored?.salesChannel.marketplaceId ?? row.marketplaceId;
  const pool = poolOfMarketplace(rt.backend.settings, marketplaceId);
  const loc = pool ? await poolLocations(core.binder, backendId, pool) : null;
  if (!loc) return conflict('FBA_RETURN_POOL_UNKNOWN', `marketplace ${marketplaceId}: pool ${pool ?? '?'} has no ERP warehouse yet`);
  const delivery = await core.binder.toErp(backendId, DELIVERY_BINDING, row.orderId);
  if (!delivery) return conflict('FBA_RETURN_NO_DELIVERY', `FBA order ${row.orderId} has no validated ERP delivery yet`);
  const gw = fbaReturnGateway(rt.erp);
  const want = locationRoleOf(row.disposition);
  const locationOf = (role: LocationRole) => (role === 'stock' ? loc.stockLocationId : loc.unsellableLocationId);
  // The pool's lock (the fba-stock flow's): an absolute count applied around our validation would count it over.
  // Waited for up to 2 s (another return's validation is quick); a count may hold it for minutes: retried later.
  const poolLock = async () => {
    const until = Date.now() + POOL_LOCK_WAIT_MS;
    while ((await lock.tryLock([poolLockKey(backendId, loc.pool)])).busy.length) {
      if (Date.now() >= until) throw new RetryableError('LOCK_BUSY', `pool ${loc.pool} is locked (a count, or another validation)`);
      await sleep(100);
    }
    await lock.ensureHeld();
  };
  const validate = async (p: PickingRow, what: string): Promise<ErrorCode | null> => {
    await poolLock();
    try {
      const state = await gw.validate(p.id);
      if (state !== 'done') throw new RetryableError('ERP_UNAVAILABLE', `${what} ${p.name} is ${state} after validation`, { pickingId: p.id });
      return null;
    } catch (e) {
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      await conflict('FBA_RETURN_REFUSED', `the ERP refused to validate ${what} ${p.name}: ${(e as Error).message}`.slice(0, 500));
      return 'FBA_RETURN_REFUSED';
    }
  };

  const docs = await gw.byOrigin(returnMarker(row.rowKey), { prefix: true });
  let receipt = await findReceipt(env, gw, backendId, row, delivery.erpId, docs);
  if (!receipt) {
    const products = await productsOfSkus(core, poolStockGateway(rt.erp), backendId, [row.sku]);
    const productId = products.get(row.sku);
    const shipped = productId === undefined ? 0 : (await gw.movesOf(delivery.erpId)).filter((m) => m.productId === productId && m.state === 'done').reduce((s, m) => s + m.quantity, 0);
    const before = await unitsReturnedBefore(env.db.pool, backendId, row);
    if (productId === undefined || shipped - before < row.quantity) {
      return conflict('FBA_RETURN_UNMATCHED', productId === undefined ? `SKU ${row.sku} has no ERP product` : `${row.quantity} unit(s) of ${row.sku} returned, the delivery shipped ${shipped} and ${before} came back before`);
    }
    await lock.ensureHeld();
    const id = await gw.createReturn(delivery.erpId, productId, row.quantity);
    await core.binder.bind(backendId, { kind: RETURN_BINDING, amazonKey: row.rowKey, erpModel: PICKING, erpId: id });
    receipt = (await gw.picking(id))!;
  }
  if (receipt.state !== 'done') {
    await gw.route(receipt.id, returnMarker(row.rowKey), locationOf(want));
    if (await validate(receipt, 'the return')) return { state: 'conflict', code: 'FBA_RETURN_REFUSED' };
    receipt = (await gw.picking(receipt.id))!;
  }

  // Where the unit is now: the destination of the row's last done document (its receipt, then its moves).
  const moves = (await gw.byOrigin(returnMarker(row.rowKey), { prefix: true })).filter((d) => d.id !== receipt.id);
  const lastDone = [receipt, ...moves.filter((m) => m.state === 'done')].sort((a, b) => a.id - b.id).pop()!;
  let current: LocationRole = roleAt(loc, lastDone.locationDestId) ?? want;
  let moved = moves.filter((m) => m.state === 'done').length;
  if (current !== want) {
    const origin = revisionMarker(row.rowKey, row.revision);
    // A transfer of an earlier revision never validated is no longer wanted: cancelled, not left to be done later.
    for (const stale of moves.filter((m) => m.state !== 'done' && m.origin !== origin)) await rt.erp.call(PICKING, 'action_cancel', [stale.id]);
    const key = `${row.rowKey}#${row.revision}`;
    const boundId = (await core.binder.toErp(backendId, REVISION_BINDING, key))?.erpId;
    let transfer = boundId ? await gw.picking(boundId) : (moves.find((m) => m.origin === origin) ?? null);
    if (!transfer || transfer.state === 'cancel') {
      const pickingTypeId = await gw.internalTypeOf(loc.warehouseId);
      const products = await productsOfSkus(core, poolStockGateway(rt.erp), backendId, [row.sku]);
      if (!pickingTypeId || !products.get(row.sku)) return conflict('FBA_RETURN_UNMATCHED', `no internal transfer type in warehouse ${loc.warehouseId} or no product of SKU ${row.sku}`);
      await lock.ensureHeld();
      const id = await gw.createTransfer({ pickingTypeId, from: locationOf(current), to: locationOf(want), productId: products.get(row.sku)!, quantity: row.quantity, origin });
      await core.binder.bind(backendId, { kind: REVISION_BINDING, amazonKey: key, erpModel: PICKING, erpId: id });
      transfer = (await gw.picking(id))!;
    } else if (!boundId) await core.binder.bind(backendId, { kind: REVISION_BINDING, amazonKey: key, erpModel: PICKING, erpId: transfer.id });
    if (transfer.state !== 'done' && (await validate(transfer, 'the transfer'))) return { state: 'conflict', code: 'FBA_RETURN_REFUSED' };
    current = want;
    moved++;
  }
  await setErpLocation(env.db.pool, backendId, row.rowKey, current);
  await core.states.set(backendId, FBA_RETURNS_FLOW, [{ key: row.rowKey, state: 'returned', code: null, detail: { orderId: row.orderId, disposition: row.disposition, location: current, revision: row.revision, returnId: receipt.id } }]);
  await core.conflicts.resolveOpenForMany(backendId, FBA_RETURN_KIND, [row.rowKey], { action: 'synced', by: FBA_RETURNS_FLOW });
  return { state: 'returned', location: current, returnId: receipt.id, moves: moved };
}

const roleAt = (loc: PoolLocations, locationId: number | null): LocationRole | null =>
  locationId === loc.stockLocationId ? 'stock' : locationId === loc.unsellableLocationId ? 'unsellable' : null;

/**
 * The row's return receipt: its binding; else a receipt carrying its marker; else one left by a run that died
 * between the wizard and the marker (an open return of the delivery with no marker of ours, of this row's units).
 * Whatever is found is bound.
 */
async function findReceipt(env: Env, gw: FbaReturnGateway, backendId: number, row: ReturnRow, deliveryId: number, docs: PickingRow[]): Promise<PickingRow | null> {
  const bind = async (p: PickingRow) => {
    await env.core.binder.bind(backendId, { kind: RETURN_BINDING, amazonKey: row.rowKey, erpModel: PICKING, erpId: p.id });
    return p;
  };
  const bound = await env.core.binder.toErp(backendId, RETURN_BINDING, row.rowKey);
  if (bound) {
    const p = await gw.picking(bound.erpId);
    if (p && p.state !== 'cancel') return p;
  }
  const marked = docs.find((d) => d.origin === returnMarker(row.rowKey));
  if (marked) return bind(marked);
  for (const r of await gw.returnsOf(deliveryId)) {
    if (r.state === 'done' || r.state === 'cancel' || r.origin.startsWith('Amazon FBA return ')) continue;
    const moves = await gw.movesOf(r.id);
    if (moves.length === 1 && moves[0]!.demand === row.quantity) return bind(r);
  }
  return null;
}
