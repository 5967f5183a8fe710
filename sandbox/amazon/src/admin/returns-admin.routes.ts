/**
 * Admin routes (inside `/_sandbox`) for returns and reports: `POST /orders/:id/return`, `GET /returns/:sellerId`,
 * `POST /returns/:id/disposition`, `GET /reports` (what was requested, with its outcome).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { reportView } from '../http/reports.routes.ts';
import { returnOrder, returnsOf, reviseDisposition } from '../returns/return-admin.ts';
import { DISPOSITIONS } from '../returns/return-store.ts';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';
import { checked } from './checked-body.ts';

const Disposition = Type.Union(DISPOSITIONS.map((d) => Type.Literal(d)));
const ReturnBody = Type.Object({
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // NOT_RETURNED: an FBA buyer refunded who never sends the unit back (reimbursed as CustomerReturn, not in the report).
  disposition: Type.Optional(Type.Union([Disposition, Type.Literal('NOT_RETURNED')])),
  refund: Type.Optional(Type.Boolean()),
  comments: Type.Optional(Type.String({ maxLength: 500 })),
  rma: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });
const DispositionBody = Type.Object({ disposition: Disposition, status: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false });

export function registerReturnsAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  admin.post<{ Params: { id: string } }>('/orders/:id/return', async (req) =>
    returnOrder(state, req.params.id, checked(ReturnBody, req.body ?? {})));
  admin.get<{ Params: { sellerId: string } }>('/returns/:sellerId', async (req) => returnsOf(state, req.params.sellerId));
  admin.post<{ Params: { id: string } }>('/returns/:id/disposition', async (req) =>
    reviseDisposition(state, req.params.id, checked(DispositionBody, req.body)));
  admin.get<{ Querystring: { sellerId?: string } }>('/reports', async (req) => {
    const sellerId = req.query.sellerId;
    if (sellerId !== undefined && !state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
    state.reportProcessor.advance();
    return { reports: state.reports.reportsOf(sellerId).map((r) => ({ ...reportView(r), sellerId: r.sellerId,
      ...(r.reportOptions ? { reportOptions: r.reportOptions } : {}), ...(r.rows !== undefined ? { rows: r.rows } : {}),
      ...(r.fatalReason ? { fatalReason: r.fatalReason } : {}) })) };
  });
}
