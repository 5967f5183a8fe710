/**
 * Validates the ERP delivery of one imported FBA order with the quantities Amazon shipped, exactly once: under the
 * order's lock, its `fba_delivery` binding first (done before), then the delivery's state in the ERP (a done one
 * was validated by an earlier run that died before binding, or by a person: bound, never validated twice), and
 * only then the write of the quantities and `button_validate` (no backorder: Amazon's order is shipped). After
 * an unknown outcome (timeout) the next pass reads the state again before writing anything.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockSession } from '../../../core/lock.ts';
import { RetryableError } from '../../../core/errors.ts';
import { noteOwnWrites } from '../../../core/change-feed/index.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import { shippedQuantities } from '../../../amazon/order-units.ts';
import { orderDocuments } from '../../orders/index.ts';
import { fbaDeliveryGateway, PICKING_MODEL } from '../erp/fba-delivery.gateway.ts';
import { poolStockGateway } from '../erp/pool-stock.gateway.ts';
import { productsOfSkus } from '../erp/sku-products.ts';
import { poolLocations, poolOfMarketplace } from '../pools/pool-bindings.ts';
import { poolLockKey } from '../pools/pool-lock-key.ts';
import { shipDateOf, shippedBySku, shippedPlan } from './shipped-plan.ts';

export const DELIVERY_BINDING = 'fba_delivery' as const;

export type DeliveryOutcome =
  | { state: 'delivered'; pickingId: number; shipDate: string; how: 'validated' | 'validated-short' | 'found-done' | 'bound-before' }
  | { state: 'waiting'; code: 'FBA_POOL_NOT_SEEDED' | 'ORDER_NOT_IMPORTED'; reason: string }
  | { state: 'conflict'; code: 'FBA_DELIVERY_MISSING' | 'FBA_DELIVERY_MISMATCH'; reason: string };

/** How long a delivery waits for its pool's lock (an approved count is quick; a snapshot may take minutes). */
const POOL_LOCK_WAIT_MS = 2_000;

/** Takes the pool's lock on the order's lock session, waiting up to `waitMs`; false when still busy. */
async function takePoolLock(lock: LockSession, key: string, waitMs = POOL_LOCK_WAIT_MS): Promise<boolean> {
  const until = Date.now() + waitMs;
  while ((await lock.tryLock([key])).busy.length) {
    if (Date.now() >= until) return false;
    await sleep(250);
  }
  return true;
}

/**
 * The delivery of `amazonOrderId` (imported, SHIPPED at Amazon) validated once; the caller holds its lock. Null
 * when the pool's lock stayed busy (a snapshot or an approved count of the pool): left to the next pass;
 * `busyPools` (the pass's) remembers such pools so their other orders do not wait again.
 */
export async function validateFbaDelivery(env: TaskEnv, rt: BackendRuntime, amazonOrderId: string, lock: LockSession, busyPools = new Set<string>()): Promise<DeliveryOutcome | null> {
  const { core } = env;
  const backendId = rt.backend.id;
  const { found } = await orderDocuments(core.documents).getMany(backendId, [amazonOrderId]);
  const order = found.get(amazonOrderId)?.order;
  if (!order) return { state: 'waiting', code: 'ORDER_NOT_IMPORTED', reason: 'the stored order is gone' };
  const shipDate = shipDateOf(order);
  const bound = await core.binder.toErp(backendId, DELIVERY_BINDING, amazonOrderId);
  if (bound) return { state: 'delivered', pickingId: bound.erpId, shipDate, how: 'bound-before' };
  const so = await core.binder.toErp(backendId, 'order', amazonOrderId);
  if (!so) return { state: 'waiting', code: 'ORDER_NOT_IMPORTED', reason: 'no ERP order bound' };
  const pool = poolOfMarketplace(rt.backend.settings, order.salesChannel.marketplaceId ?? '');
  const loc = pool ? await poolLocations(core.binder, backendId, pool) : null;
  if (!loc?.seeded) return { state: 'waiting', code: 'FBA_POOL_NOT_SEEDED', reason: `pool ${pool ?? '?'} is not seeded yet` };

  const gw = fbaDeliveryGateway(rt.erp);
  const pickings = await gw.deliveriesOf(so.erpId);
  const done = pickings.find((p) => p.state === 'done');
  const bind = (pickingId: number, how: Extract<DeliveryOutcome, { state: 'delivered' }>['how']): Promise<DeliveryOutcome> =>
    core.binder
      .bind(backendId, { kind: DELIVERY_BINDING, amazonKey: amazonOrderId, erpModel: PICKING_MODEL, erpId: pickingId, amazonUpdatedAt: order.lastUpdatedTime, state: { shipDate } })
      .then(() => ({ state: 'delivered', pickingId, shipDate, how }));
  if (done) return bind(done.id, 'found-done');
  const open = pickings.find((p) => p.state !== 'cancel');
  if (!open) return { state: 'conflict', code: 'FBA_DELIVERY_MISSING', reason: `ERP order ${so.erpId} has no open delivery` };

  const bySku = shippedBySku(order, shippedQuantities(order));
  const products = await productsOfSkus(core, poolStockGateway(rt.erp), backendId, [...bySku.keys()]);
  const plan = shippedPlan(bySku, products, await gw.movesOf(open.id));
  if (!plan.ok) return { state: 'conflict', code: 'FBA_DELIVERY_MISMATCH', reason: plan.reason };
  // The pool's lock (fba-stock's) around the write: an approved count re-reads the ERP quantity and writes an
  // absolute count under it, so a delivery validated in between would be counted over (its units back in Stock).
  // Held on the order's session until the pass closes it, i.e. past the validation and the re-read.
  // A pool found busy earlier in this pass (a snapshot may hold it for minutes) is tried once, without waiting.
  if (!(await takePoolLock(lock, poolLockKey(backendId, loc.pool), busyPools.has(loc.pool) ? 0 : POOL_LOCK_WAIT_MS))) {
    busyPools.add(loc.pool);
    return null;
  }
  // The last moment to find out another worker took the order over (our lock connection died).
  await lock.ensureHeld();
  await gw.setDone(plan.done);
  const how = await gw.validateWithoutBackorder(open.id);
  const after = await gw.stateOf(open.id);
  if (after?.state !== 'done') throw new RetryableError('ERP_UNAVAILABLE', `delivery ${open.name} is ${after?.state ?? 'gone'} after validation`, { pickingId: open.id });
  // Our own validation is no merchant shipment: the change feed must not hand it to the flows as a change.
  await noteOwnWrites(core.pool, backendId, PICKING_MODEL, [{ id: open.id, writeDate: after.writeDate }]);
  return bind(open.id, how);
}
