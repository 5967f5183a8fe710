/**
 * /api/backends/:id/fba-stock: Amazon's FBA figures per pool and SKU (inbound, reserved, researching,
 * unfulfillable), the drift against the pools' ERP warehouses, a person's approval of a drift row or of a whole
 * pool (write access; audited), and a snapshot asked now.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../api/access.ts';
import { ref } from '../../../api/components.ts';
import { BackendIdParams, conflict, notFound, upstream } from '../../../api/routes/common.ts';
import { Id } from '../../../api/schemas.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { fbaSettings, poolsOf } from '../../fba/index.ts';
import { queueSnapshot } from '../drift/apply-drift.ts';
import { approveDrift, approvePool } from '../drift/approve-drift.ts';
import { listDrift, type DriftRow } from '../drift/drift-store.ts';
import { lastSnapshots, storedStock, type StockRow } from '../snapshot/stock-store.ts';
import { DriftStateSchema, FbaStockDriftList, FbaStockDriftView, FbaStockList, FbaStockPoolApply, PoolCode } from './fba-stock.schemas.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const itemOf = (r: StockRow) => ({
  pool: r.pool, sellerSku: r.sellerSku, asin: r.asin, fnSku: r.fnSku, fulfillable: r.fulfillable,
  inbound: { working: r.inboundWorking, shipped: r.inboundShipped, receiving: r.inboundReceiving },
  reserved: { total: r.reservedTotal, pendingCustomerOrder: r.reservedPendingCustomerOrder, pendingTransshipment: r.reservedPendingTransshipment, fcProcessing: r.reservedFcProcessing },
  researching: r.researching, unfulfillable: r.unfulfillable, total: r.total, amazonUpdatedAt: iso(r.amazonUpdatedAt), snapshotAt: r.snapshotAt.toISOString(),
});
const driftOf = (r: DriftRow): Static<typeof FbaStockDriftView> => ({
  id: r.id, pool: r.pool, productId: r.productId, location: r.location, locationId: r.locationId, skus: r.skus, amazonQty: r.amazonQty,
  expectedMin: r.expectedMin, expectedMax: r.expectedMax, erpQty: r.erpQty, targetQty: r.targetQty, difference: r.difference, cause: r.cause,
  state: r.state, snapshotAt: r.snapshotAt.toISOString(), appliedBy: r.appliedBy, appliedAt: iso(r.appliedAt),
});
const PoolParams = Type.Object({ id: BackendIdParams.properties.id, pool: PoolCode });

/** The flow's admin routes (`FlowDefinition.apiRoutes`). */
export function fbaStockApiRoutes(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>): FastifyPluginAsync {
  const existing = async (id: number) => {
    await backendMustExist(env.core.backends, id);
  };
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/backends/:id/fba-stock', {
      config: { access: 'read' as const },
      schema: {
        tags: ['fba-stock'],
        summary: "Amazon's FBA figures per pool and SKU as the last snapshot read them, and each pool's last snapshot",
        params: BackendIdParams,
        querystring: Type.Object({
          pool: Type.Optional(PoolCode),
          sku: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          after: Type.Optional(Type.String({ pattern: '^[A-Z]{2}:.{1,80}$', description: "`POOL:SKU`: the rows after it (the previous page's nextAfter)" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: ref(FbaStockList), ...notFound },
      },
    }, async (req) => {
      await existing(req.params.id);
      const limit = req.query.limit ?? 100;
      const after = req.query.after ? { pool: req.query.after.slice(0, 2), sellerSku: req.query.after.slice(3) } : undefined;
      const rows = await storedStock(env.db.pool, req.params.id, { pool: req.query.pool, sellerSku: req.query.sku, after, limit: limit + 1 });
      const snapshots = (await lastSnapshots(env.db.pool, req.params.id)).filter((s) => !req.query.pool || s.pool === req.query.pool);
      const page = rows.slice(0, limit);
      return {
        snapshots: snapshots.map((s) => ({ ...s, takenAt: s.takenAt.toISOString() })),
        items: page.map(itemOf),
        nextAfter: rows.length > limit ? `${page.at(-1)!.pool}:${page.at(-1)!.sellerSku}` : null,
      };
    });

    app.get('/backends/:id/fba-stock/drift', {
      config: { access: 'read' as const },
      schema: {
        tags: ['fba-stock'],
        summary: 'Drift between Amazon and the pools\' ERP warehouses, newest first, with its likely cause',
        params: BackendIdParams,
        querystring: Type.Object({
          pool: Type.Optional(PoolCode),
          state: Type.Optional(DriftStateSchema),
          beforeId: Type.Optional(Id),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: ref(FbaStockDriftList), ...notFound },
      },
    }, async (req) => {
      await existing(req.params.id);
      const rows = await listDrift(env.db.pool, req.params.id, { pool: req.query.pool, state: req.query.state, beforeId: req.query.beforeId, limit: req.query.limit ?? 100 });
      return { items: rows.map(driftOf) };
    });

    app.post('/backends/:id/fba-stock/drift/:driftId/apply', {
      config: { access: 'write' as const },
      schema: {
        tags: ['fba-stock'],
        summary: "Approves one drift row: its absolute count is applied to the ERP location once (409 when applied, superseded, or the ERP moved since)",
        params: Type.Object({ id: BackendIdParams.properties.id, driftId: Id }),
        response: { 200: ref(FbaStockDriftView), ...notFound, ...conflict, ...upstream },
      },
    }, async (req) => {
      await existing(req.params.id);
      return driftOf(await approveDrift(env, req.params.id, req.params.driftId, actorOf(req)));
    });

    app.post('/backends/:id/fba-stock/pools/:pool/apply', {
      config: { access: 'write' as const },
      schema: {
        tags: ['fba-stock'],
        summary: 'Approves every open drift row of a pool; each row is applied once, a row whose ERP quantity moved since the snapshot is left stale',
        params: PoolParams,
        response: { 200: ref(FbaStockPoolApply), ...notFound, ...conflict, ...upstream },
      },
    }, async (req) => {
      await existing(req.params.id);
      return { results: await approvePool(env, req.params.id, req.params.pool, actorOf(req)) };
    });

    app.post('/backends/:id/fba-stock/pools/:pool/snapshot', {
      config: { access: 'write' as const },
      schema: {
        tags: ['fba-stock'],
        summary: "Queues a snapshot of a pool now (one pending per pool); 409 when the pool is not one of the backend's",
        params: PoolParams,
        response: { 202: Type.Object({ queued: Type.Literal(true) }), ...notFound, ...conflict },
      },
    }, async (req, reply) => {
      await existing(req.params.id);
      const b = await env.core.backends.get(req.params.id);
      if (!poolsOf(fbaSettings.of(b.settings).pools ?? {}, b.marketplaceIds).pools.has(req.params.pool)) {
        throw new PermanentError('FBA_STOCK_POOL_NOT_READY', `pool ${req.params.pool} is not one of backend ${req.params.id}'s`, { pool: req.params.pool });
      }
      await queueSnapshot(env.db.pool, req.params.id, req.params.pool);
      return reply.code(202).send({ queued: true as const });
    });
  };
}
