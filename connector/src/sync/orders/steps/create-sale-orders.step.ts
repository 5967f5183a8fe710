/**
 * Creates the sales orders that the ERP does not hold yet, in batched calls (one bad order fails alone), and
 * binds each one the moment its id exists, so a crash after this step can never lead to a second order.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { Customers, Found, ImportDeps, InErp, Mapped, OrderRecord } from '../import-records.ts';

type In = OrderRecord & Mapped & Found & Customers;

export function createSaleOrdersStep(deps: ImportDeps): TypedStep<In, InErp> {
  return {
    name: 'create-sale-order',
    noCompensation: 'the draft stays bound: a retry confirms it instead of creating a second one',
    async invoke(records, ctx) {
      const todo: Array<{ r: In; customer: NonNullable<In['customer']> }> = [];
      for (const r of records) {
        if (r.existing) ctx.done(r, { saleOrder: r.existing });
        else if (r.customer) todo.push({ r, customer: r.customer });
        else ctx.fail(r, new PermanentError('INTERNAL', `order ${r.key} reached the create step without a customer`));
      }
      if (!todo.length) return;
      // The irreversible write: only while this job still holds its order locks (else another worker may be
      // creating the same orders right now).
      await deps.locks.ensureHeld();
      const results = await saleOrderGateway(deps.rt.erp).create(
        todo.map(({ r, customer }) => ({ header: r.mapped.saleOrder.vals, lines: r.mapped.lines.map((l) => l.vals), ...customer })),
        deps.batchSize,
      );
      const binds = [];
      for (const [i, res] of results.entries()) {
        const { r } = todo[i]!;
        if (!res.ok) {
          ctx.fail(r, res.error);
          continue;
        }
        ctx.done(r, { saleOrder: { id: res.id, state: 'draft' } });
        binds.push({ kind: 'order' as const, amazonKey: r.key, erpModel: SALE_ORDER_MODEL, erpId: res.id, amazonUpdatedAt: r.stored.lastUpdatedAt, payloadHash: r.stored.contentHash });
      }
      if (binds.length) await deps.core.binder.bindMany(deps.rt.backend.id, binds);
    },
  };
}
