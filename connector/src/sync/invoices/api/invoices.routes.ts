/** /api/backends/:id/invoices: each shipment's invoice request, where it stands and the ERP invoice it ended with. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { listRequests } from '../invoice-requests.ts';
import type { UploadState } from '../invoice-uploads.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

const InvoiceState = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('invoiced'),
  Type.Literal('covered'),
  Type.Literal('ignored'),
  Type.Literal('conflict'),
  Type.Literal('failed'),
]);

const UploadView = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('queued'), Type.Literal('uploaded'), Type.Literal('conflict')], {
    description: 'pending: its PDF is to be had from the ERP; queued: in the UPLOAD_VAT_INVOICE feed queue or sent; uploaded: Amazon accepted it; conflict: see reason',
  }),
  reason: Nullable(Type.String({ description: 'stable code of the conflict (INVOICE_PDF_MISSING, INVOICE_UPLOAD_REFUSED, INVOICE_UPLOAD_UNKNOWN)' })),
  message: Nullable(Type.String()),
});

export const InvoiceView = Type.Object(
  {
    shipmentKey: Type.String({ description: 'the shipment the invoice is for (`mfn:<pickingId>`, `fba:<amazonOrderId>`)' }),
    amazonOrderId: Type.String(),
    shipDate: IsoTime,
    state: InvoiceState,
    reason: Nullable(Type.String({ description: 'stable code of why it is in conflict, failed or ignored' })),
    message: Nullable(Type.String()),
    erp: Nullable(Type.Object({ model: Type.Literal('account.move'), id: Type.Integer(), name: Nullable(Type.String()) })),
    /** The invoice PDF's upload to Amazon (`invoices.uploadVatInvoices`); null when not asked. */
    upload: Nullable(UploadView),
    requestedAt: IsoTime,
    updatedAt: IsoTime,
  },
  { $id: 'Invoice' },
);
type InvoiceViewT = Static<typeof InvoiceView>;

export const InvoiceList = Type.Object({ items: Type.Array(ref(InvoiceView)) }, { $id: 'InvoiceList' });

/** The shapes the server registers for the invoice routes. */
export const invoicesApiSchemas = [InvoiceView, InvoiceList];

/** The flow's admin routes (`FlowDefinition.apiRoutes`). */
export function invoicesApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/invoices',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['invoices'],
          summary: "Shipments' invoices of a backend, newest request first (filter by order or state; 404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({
            orderId: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' })),
            state: Type.Optional(InvoiceState),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: { 200: ref(InvoiceList), ...notFound },
        },
      },
      async (req) => {
        await backendMustExist(env.core.backends, req.params.id);
        const rows = await listRequests(env.db.pool, req.params.id, { amazonOrderId: req.query.orderId, state: req.query.state, limit: req.query.limit ?? 100 });
        const items: InvoiceViewT[] = rows.map((r) => ({
          shipmentKey: r.shipmentKey,
          amazonOrderId: r.amazonOrderId,
          shipDate: r.shipDate.toISOString(),
          state: r.state,
          reason: r.code,
          message: r.message,
          erp: r.moveId === null ? null : { model: 'account.move' as const, id: r.moveId, name: r.invoiceName },
          upload: r.uploadState === null ? null : { state: r.uploadState as UploadState, reason: r.uploadCode, message: r.uploadMessage },
          requestedAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        }));
        return { items };
      },
    );
  };
}
