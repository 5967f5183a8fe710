/**
 * One pool's ERP side, made once: its warehouse (bound, else found by code or name, else created; a 422 from a
 * concurrent create is answered by looking it up again), its Stock location and an "Unsellable" location under
 * the warehouse's view location (beside Stock, not inside it, so deliveries never reserve damaged units), all
 * bound; then each of its marketplaces bound to the warehouse.
 */
import type { SetupContext } from '../../frame/setup.ts';
import { PermanentError, isSyncError } from '../../../core/errors.ts';
import { FBA_MARKETPLACE_BINDING } from '../../orders/index.ts';
import { LOCATION_MODEL, UNSELLABLE_NAME, WAREHOUSE_MODEL, poolStockGateway, type WarehouseRow } from '../erp/pool-stock.gateway.ts';
import { LOCATION_BINDING, WAREHOUSE_BINDING, locationKey } from '../pools/pool-bindings.ts';
import { poolWarehouse, type PoolCode } from '../pools/pool-of.ts';

/** Makes or finds the warehouse and locations of `pool` and binds them and `marketplaceIds`. */
export async function ensurePoolWarehouse(ctx: SetupContext, pool: PoolCode, marketplaceIds: readonly string[]): Promise<void> {
  const { core, backend, report } = ctx;
  const gw = poolStockGateway(ctx.erp);
  const { name, code } = poolWarehouse(pool);
  const what = `FBA pool ${pool} warehouse`;
  const bound = await core.binder.toErp(backend.id, WAREHOUSE_BINDING, pool);
  let wh: WarehouseRow | null = bound ? await gw.readWarehouse(bound.erpId) : null;
  if (wh) report.found.push({ what, erpModel: WAREHOUSE_MODEL, erpId: wh.id });
  else {
    wh = await gw.findWarehouse(code, name);
    if (wh) report.found.push({ what, erpModel: WAREHOUSE_MODEL, erpId: wh.id });
    else {
      try {
        wh = await gw.readWarehouse(await gw.createWarehouse(name, code));
        if (wh) report.created.push({ what, erpModel: WAREHOUSE_MODEL, erpId: wh.id });
      } catch (e) {
        // Name and code are unique in Odoo: a 422 means someone made it meanwhile (another process's set-up).
        if (!isSyncError(e) || e.code !== 'ERP_VALIDATION') throw e;
        wh = await gw.findWarehouse(code, name);
        if (!wh) throw e;
        report.found.push({ what, erpModel: WAREHOUSE_MODEL, erpId: wh.id });
      }
    }
    // A warehouse bound anew (the bound one was deleted in the ERP) is not seeded: the marker goes with the old one.
    await core.binder.bind(backend.id, { kind: WAREHOUSE_BINDING, amazonKey: pool, erpModel: WAREHOUSE_MODEL, erpId: wh!.id, state: null });
  }
  if (!wh?.stockLocationId || !wh.viewLocationId) {
    throw new PermanentError('ERP_PROTOCOL', `warehouse ${code} has no Stock or view location`, { warehouseId: wh?.id ?? null });
  }
  await core.binder.bind(backend.id, { kind: LOCATION_BINDING, amazonKey: locationKey(pool, 'stock'), erpModel: LOCATION_MODEL, erpId: wh.stockLocationId });
  const unsellable = await ensureUnsellable(ctx, pool, wh);
  await core.binder.bind(backend.id, { kind: LOCATION_BINDING, amazonKey: locationKey(pool, 'unsellable'), erpModel: LOCATION_MODEL, erpId: unsellable });
  await core.binder.bindMany(backend.id, marketplaceIds.map((m) => ({ kind: FBA_MARKETPLACE_BINDING, amazonKey: m, erpModel: WAREHOUSE_MODEL, erpId: wh.id })));
}

async function ensureUnsellable(ctx: SetupContext, pool: PoolCode, wh: WarehouseRow): Promise<number> {
  const gw = poolStockGateway(ctx.erp);
  const what = `FBA pool ${pool} Unsellable location`;
  const bound = await ctx.core.binder.toErp(ctx.backend.id, LOCATION_BINDING, locationKey(pool, 'unsellable'));
  if (bound && (await gw.locationExists(bound.erpId))) {
    ctx.report.found.push({ what, erpModel: LOCATION_MODEL, erpId: bound.erpId });
    return bound.erpId;
  }
  const found = await gw.findLocation(UNSELLABLE_NAME, wh.viewLocationId!);
  if (found !== null) {
    ctx.report.found.push({ what, erpModel: LOCATION_MODEL, erpId: found });
    return found;
  }
  const id = await gw.createLocation(UNSELLABLE_NAME, wh.viewLocationId!, wh.id);
  ctx.report.created.push({ what, erpModel: LOCATION_MODEL, erpId: id });
  return id;
}
