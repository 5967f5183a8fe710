/** Maps each order with the batch's context (pure); an order that cannot be mapped leaves as a conflict. */
import { ConflictError } from '../../../core/errors.ts';
import type { Step } from '../../../core/workflow/step.ts';
import { mapOrder } from '../mapping/order.mapper.ts';
import type { ImportDeps, OrderWork } from '../order-work.ts';

export function mapOrdersStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'map-order',
    noCompensation: 'pure: nothing was written anywhere',
    async invoke(records, ctx) {
      for (const r of records) {
        const result = mapOrder(r.order, deps.ctx);
        if (result.ok) {
          r.mapped = result;
          continue;
        }
        r.problems = result.problems;
        const first = result.problems[0]!;
        ctx.fail(r, new ConflictError(first.code, first.message, { problems: result.problems }));
      }
    },
  };
}
