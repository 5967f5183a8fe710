/** Admin routes (inside `/_sandbox`) for finances: `POST /orders/:id/refund`, `GET /finances/:sellerId`. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { financesOf, refundOrder } from '../finances/finance-admin.ts';
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
}, { additionalProperties: false });

export function registerFinancesAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  admin.post<{ Params: { id: string } }>('/orders/:id/refund', async (req) => refundOrder(state, req.params.id, checked(RefundBody, req.body ?? {})));
  admin.get<{ Params: { sellerId: string } }>('/finances/:sellerId', async (req) => financesOf(state, req.params.sellerId));
}
