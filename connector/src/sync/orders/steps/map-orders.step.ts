/** Maps each order with the batch's context (pure); an order that cannot be mapped leaves as a conflict. */
import { ConflictError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { mapOrder } from '../mapping/order.mapper.ts';
import { cleanedTextNote } from '../mapping/order-text.ts';
import type { ImportDeps, Mapped, OrderRecord } from '../import-records.ts';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function mapOrdersStep(deps: Pick<ImportDeps, 'ctx'>): TypedStep<OrderRecord, Mapped> {
  return {
    name: 'map-order',
    noCompensation: 'pure: nothing was written anywhere',
    async invoke(records, ctx) {
      for (const r of records) {
        const result = mapOrder(r.order, deps.ctx);
        if (result.ok) {
          // Free text the workflow cleaned (NUL, lone surrogates replaced): the people handling the order are told.
          if (r.textReplaced?.length) {
            const vals = result.saleOrder.vals;
            vals.note = `${typeof vals.note === 'string' ? vals.note : ''}<p>${escapeHtml(cleanedTextNote(r.textReplaced))}</p>`;
          }
          ctx.done(r, { mapped: result });
          continue;
        }
        // Every problem rides along in the error: a conflict is raised per code (record-outcomes.ts).
        const first = result.problems[0]!;
        ctx.fail(r, new ConflictError(first.code, first.message, { problems: result.problems }));
      }
    },
  };
}
