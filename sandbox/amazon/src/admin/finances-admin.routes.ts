/**
 * Admin routes (inside `/_sandbox`) for finances: `POST /orders/:id/refund`, `GET /finances/:sellerId`,
 * `POST /finances/:sellerId/transactions/:transactionId/release`.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { financesOf, refundOrder, releaseTransaction } from '../finances/finance-admin.ts';
import type { SandboxState } from '../state.ts';
import { checked } from './checked-body.ts';

const RefundBody = Type.Object({
  lines: Type.Optional(Type.Array(Type.Object({
    sku: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    // What the buyer gets back for these units, a decimal in the order's currency (default: their full worth).
    amount: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 100 })),
  // A chargeback: the bank takes the money back; the API shows it exactly as a refund.
  chargeback: Type.Optional(Type.Boolean()),
  // What it is in the world; the 2024-06-19 API shows all three alike, the v0 financial events tell them apart.
  kind: Type.Optional(Type.Union([Type.Literal('refund'), Type.Literal('chargeback'), Type.Literal('guarantee_claim')])),
  // Deferred: DEFERRED until its maturity (default 30 days on), then released by a transaction of its own.
  deferred: Type.Optional(Type.Object({
    reason: Type.Optional(Type.Union([Type.Literal('B2B'), Type.Literal('DD7')])),
    maturityDate: Type.Optional(Type.String({ format: 'date-time' })),
  }, { additionalProperties: false })),
  // Posted this many minutes back (default 0: now), announced at once: a refund Amazon already lists.
  postedMinutesAgo: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080 })),
}, { additionalProperties: false });

export function registerFinancesAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  admin.post<{ Params: { id: string } }>('/orders/:id/refund', async (req) => refundOrder(state, req.params.id, checked(RefundBody, req.body ?? {})));
  admin.post<{ Params: { sellerId: string; transactionId: string } }>('/finances/:sellerId/transactions/:transactionId/release',
    async (req) => releaseTransaction(state, req.params.sellerId, req.params.transactionId));
  admin.get<{ Params: { sellerId: string } }>('/finances/:sellerId', async (req) => financesOf(state, req.params.sellerId));
}
