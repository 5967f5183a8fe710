/** The admin API under `/_sandbox` (JSON, no auth, loopback callers only, never on Amazon's host names). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { FAULT_KINDS } from '../http/fault-rules.ts';
import type { SandboxState } from '../state.ts';
import { registerAuthAdminRoutes } from './auth-admin.ts';
import { feedById, feedsOf, invoicesOf } from '../feeds/feed-admin.ts';
import { listingQuantities, setListingQuantity } from '../listings/listing-admin.ts';
import { salesHistoryOf } from './sales-history-ops.ts';
import { registerNotificationAdminRoutes } from './notification-admin.routes.ts';
import { registerReturnsAdminRoutes } from './returns-admin.routes.ts';
import { registerFinancesAdminRoutes } from './finances-admin.routes.ts';
import { registerSettlementsAdminRoutes } from './settlements-admin.routes.ts';
import { labelsOfOrder } from '../shipping/shipping.routes.ts';
import { AdminError, addOrders, calls, faults, generateOrders, injectFault, injectFaultRule, fbaStock, rawOrder, reset, setFbaStock, shipments, updateOrder } from './admin-ops.ts';

const AddBody = Type.Object({ sellerId: Type.String(), orders: Type.Array(Type.Unknown()) });
const GenerateBody = Type.Object({
  sellerId: Type.Optional(Type.String()),
  count: Type.Integer({ minimum: 0, maximum: 100_000 }),
  marketplaceId: Type.Optional(Type.String()),
  fulfilledBy: Type.Optional(Type.Union([Type.Literal('MERCHANT'), Type.Literal('AMAZON')])),
  status: Type.Optional(Type.Union(['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED',
    'CANCELLED', 'UNFULFILLABLE'].map((s) => Type.Literal(s)))),
  business: Type.Optional(Type.Boolean()),
  createdFrom: Type.Optional(Type.String()),
  createdTo: Type.Optional(Type.String()),
});
const PatchBody = Type.Object({
  fulfillmentStatus: Type.Optional(Type.String()),
  orderItems: Type.Optional(Type.Array(Type.Unknown())),
  set: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  lastUpdatedTime: Type.Optional(Type.String()),
});

const Kind = Type.Union(FAULT_KINDS.map((k) => Type.Literal(k)));
const CountFault = Type.Object({
  operation: Type.String({ maxLength: 100 }),
  status: Type.Optional(Type.Union([Type.Literal(500), Type.Literal(503), Type.Literal(429)])),
  kind: Type.Optional(Kind),
  count: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  sellerId: Type.Optional(Type.String()),
  rateLimit: Type.Optional(Type.String({ maxLength: 100 })),
  holdMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
}, { additionalProperties: false });
const RuleFault = Type.Object({
  operation: Type.String({ maxLength: 100 }),
  sellerId: Type.Optional(Type.String()),
  percent: Type.Number({ minimum: 0, maximum: 100 }),
  kinds: Type.Array(Kind, { minItems: 1, maxItems: 100 }),
  durationSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 31_536_000 })),
  seed: Type.Optional(Type.Integer()),
  holdMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
  rateLimit: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

const Qty = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const StockItem = Type.Object({
  sellerSku: Type.String({ minLength: 1, maxLength: 200 }),
  asin: Type.Optional(Type.String()), fnSku: Type.Optional(Type.String()), productName: Type.Optional(Type.String()),
  fulfillable: Type.Optional(Qty), inboundWorking: Type.Optional(Qty), inboundShipped: Type.Optional(Qty),
  inboundReceiving: Type.Optional(Qty),
  reserved: Type.Optional(Type.Object({ pendingCustomerOrder: Type.Optional(Qty), pendingTransshipment: Type.Optional(Qty),
    fcProcessing: Type.Optional(Qty) }, { additionalProperties: false })),
  researching: Type.Optional(Type.Object({ shortTerm: Type.Optional(Qty), midTerm: Type.Optional(Qty), longTerm: Type.Optional(Qty) },
    { additionalProperties: false })),
  unfulfillable: Type.Optional(Type.Object({ customerDamaged: Type.Optional(Qty), warehouseDamaged: Type.Optional(Qty),
    distributorDamaged: Type.Optional(Qty), carrierDamaged: Type.Optional(Qty), defective: Type.Optional(Qty),
    expired: Type.Optional(Qty) }, { additionalProperties: false })),
}, { additionalProperties: false });
const QuantityBody = Type.Object({ quantity: Qty }, { additionalProperties: false });
const StockBody = Type.Object({ items: Type.Array(StockItem, { maxItems: 10_000 }) }, { additionalProperties: false });

function body<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (!Value.Check(schema, value)) {
    const e = Value.Errors(schema, value)[0];
    throw new AdminError(400, 'BAD_REQUEST', `body${e?.instancePath ?? ''}: ${e?.message ?? 'invalid'}`);
  }
  return value;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Registers the admin routes. */
export function registerAdminRoutes(app: FastifyInstance, state: SandboxState): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.target.kind !== 'direct') return reply.code(404).send({ message: 'Not Found' });
      if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
        return reply.code(403).send({ error: 'FORBIDDEN', message: 'the admin API answers loopback callers only' });
      }
    });
    admin.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (err instanceof AdminError) return reply.code(err.status).send({ error: err.code, message: err.message });
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      return reply.code(status).send({ error: status === 500 ? 'INTERNAL' : 'BAD_REQUEST', message: err.message });
    });
    admin.post('/orders', async (req) => {
      const b = body(AddBody, req.body);
      return { orderIds: addOrders(state, b.sellerId, b.orders) };
    });
    admin.post('/orders/generate', async (req) => ({ orderIds: generateOrders(state, body(GenerateBody, req.body)) }));
    admin.patch<{ Params: { id: string } }>('/orders/:id', async (req) =>
      ({ order: updateOrder(state, req.params.id, body(PatchBody, req.body)) }));
    admin.get<{ Params: { id: string } }>('/orders/:id', async (req) => rawOrder(state, req.params.id));
    admin.get<{ Params: { id: string } }>('/orders/:id/shipments', async (req) => shipments(state, req.params.id));
    admin.get<{ Params: { id: string } }>('/orders/:id/labels', async (req) => labelsOfOrder(state, req.params.id));
    // What the seller sent the buyer (Solicitations, Messaging), accepted or refused, oldest first.
    admin.get<{ Params: { id: string } }>('/orders/:id/care', async (req) => ({ orderId: req.params.id, requests: state.care.list(req.params.id) }));
    admin.get<{ Params: { sellerId: string } }>('/fba/inventory/:sellerId', async (req) => fbaStock(state, req.params.sellerId));
    admin.put<{ Params: { sellerId: string; pool: string } }>('/fba/inventory/:sellerId/:pool', async (req) =>
      setFbaStock(state, req.params.sellerId, req.params.pool, body(StockBody, req.body).items));
    admin.get<{ Querystring: { sellerId?: string } }>('/feeds', async (req) => feedsOf(state, req.query.sellerId));
    admin.get<{ Params: { id: string } }>('/feeds/:id', async (req) => feedById(state, req.params.id));
    admin.get<{ Params: { id: string } }>('/orders/:id/invoices', async (req) => invoicesOf(state, req.params.id));
    admin.get<{ Params: { sellerId: string } }>('/listings/:sellerId/quantities', async (req) => listingQuantities(state, req.params.sellerId));
    admin.put<{ Params: { sellerId: string; sku: string } }>('/listings/:sellerId/:sku/quantity', async (req) =>
      setListingQuantity(state, req.params.sellerId, req.params.sku, body(QuantityBody, req.body).quantity));
    admin.get<{ Params: { sellerId: string } }>('/history/:sellerId', async (req) => salesHistoryOf(state, req.params.sellerId));
    admin.get('/calls', async () => calls(state));
    admin.post('/reset', async () => {
      reset(state);
      return { ok: true };
    });
    // Two forms: `count` (the next N calls) or `percent` + `kinds` (a share of the calls, for a while).
    admin.post('/faults', async (req) => {
      const raw = req.body as { percent?: unknown } | null;
      if (raw && typeof raw === 'object' && 'percent' in raw) return { ok: true, rule: injectFaultRule(state, body(RuleFault, raw) as never) };
      injectFault(state, body(CountFault, req.body) as never);
      return { ok: true };
    });
    admin.get('/faults', async () => faults(state));
    admin.delete('/faults', async () => {
      state.faults.clear();
      return { ok: true };
    });
    admin.post('/tokens/expire', async () => {
      state.tokens.expireAll();
      return { ok: true };
    });
    registerAuthAdminRoutes(admin, state);
    registerNotificationAdminRoutes(admin, state);
    registerReturnsAdminRoutes(admin, state);
    registerFinancesAdminRoutes(admin, state);
    registerSettlementsAdminRoutes(admin, state);
  }, { prefix: '/_sandbox' });
}
