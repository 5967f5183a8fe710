/** The shapes of the fba-stock routes (named components of the OpenAPI document). */
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';

const Units = Type.Integer({ minimum: 0 });
const CAUSES = ['ORDERS_NOT_YET_IMPORTED', 'DAMAGED_IN_WAREHOUSE', 'IN_RESEARCH', 'LOST_OR_DAMAGED', 'INBOUND_NOT_RECORDED', 'RETURN_NOT_RECORDED', 'REMOVAL_NOT_RECORDED', 'UNKNOWN'];
export const PoolCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'an FBA pool (EU, UK, US, ...)' });
export const DriftStateSchema = Type.Union([Type.Literal('open'), Type.Literal('applied'), Type.Literal('superseded')]);

export const FbaStockItem = Type.Object(
  {
    pool: PoolCode,
    sellerSku: Type.String(),
    asin: Nullable(Type.String()),
    fnSku: Nullable(Type.String()),
    fulfillable: Units,
    inbound: Type.Object({ working: Units, shipped: Units, receiving: Units }),
    reserved: Type.Object({ total: Units, pendingCustomerOrder: Units, pendingTransshipment: Units, fcProcessing: Units }),
    researching: Units,
    unfulfillable: Units,
    total: Units,
    amazonUpdatedAt: Nullable(IsoTime),
    snapshotAt: IsoTime,
  },
  { $id: 'FbaStockItem' },
);

export const FbaStockSnapshotView = Type.Object(
  { pool: PoolCode, marketplaceId: Type.String(), takenAt: IsoTime, skuCount: Units, restarts: Type.Integer({ minimum: 0, description: 'times the listing started again from page 1 (an expired nextToken)' }) },
  { $id: 'FbaStockSnapshot' },
);

export const FbaStockList = Type.Object(
  { snapshots: Type.Array(ref(FbaStockSnapshotView)), items: Type.Array(ref(FbaStockItem)), nextAfter: Nullable(Type.String({ description: 'the `after` of the next page (POOL:SKU), null on the last' })) },
  { $id: 'FbaStockList' },
);

export const FbaStockDriftView = Type.Object(
  {
    id: Type.Integer(),
    pool: PoolCode,
    productId: Type.Integer({ description: 'the ERP product (product.product)' }),
    location: Type.Union([Type.Literal('stock'), Type.Literal('unsellable')]),
    locationId: Type.Integer({ description: "the pool's ERP location (stock.location)" }),
    skus: Type.Array(Type.String(), { description: "Amazon's SKUs of the product in the pool" }),
    amazonQty: Type.Integer({ description: 'fulfillable (stock) or unfulfillable (unsellable) units at Amazon' }),
    expectedMin: Type.Integer({ description: 'the least the ERP should hold, documents counted' }),
    expectedMax: Type.Integer({ description: 'the most (units in transfer or processing at Amazon may be held or not)' }),
    erpQty: Type.Integer(),
    targetQty: Type.Integer({ description: 'the absolute count approval applies' }),
    difference: Type.Integer({ description: 'targetQty - erpQty' }),
    cause: Type.Unsafe<string>({ type: 'string', enum: CAUSES, description: 'likely cause (see sync/fba-stock/README.md)' }),
    state: DriftStateSchema,
    snapshotAt: IsoTime,
    appliedBy: Nullable(Type.String()),
    appliedAt: Nullable(IsoTime),
  },
  { $id: 'FbaStockDrift' },
);

export const FbaStockDriftList = Type.Object({ items: Type.Array(ref(FbaStockDriftView)) }, { $id: 'FbaStockDriftList' });

export const FbaStockPoolApply = Type.Object(
  {
    results: Type.Array(Type.Object({
      id: Type.Integer(),
      outcome: Type.Union([Type.Literal('applied'), Type.Literal('already_applied'), Type.Literal('stale'), Type.Literal('not_open')]),
    })),
  },
  { $id: 'FbaStockPoolApply' },
);

export const fbaStockApiSchemas = [FbaStockItem, FbaStockSnapshotView, FbaStockList, FbaStockDriftView, FbaStockDriftList, FbaStockPoolApply];
