/**
 * Reads the drafts' totals as the ERP computed them, in ONE call per batch, before anything is confirmed: only an
 * order whose ERP total and tax are Amazon's to the minor unit goes on to be confirmed. One that is not stays an
 * unconfirmed draft, bound, with a TOTAL_MISMATCH / TAX_MISMATCH conflict carrying both figures: a wrong total
 * never reaches the books. The mapper already predicts the ERP's arithmetic; what it cannot see (a mapping row
 * writing a money field, an ERP tax changed behind the connector's back, the company's rounding) shows here.
 *
 * Retrying after a fix: the order's draft is found by reference (find-erp-orders), so nothing is created twice; a
 * found draft that disagrees is rewritten once from the current mapping (Amazon owns its lines) and read again.
 */
import { ConflictError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { draftOrdersGateway, type DraftSaleOrder } from '../erp/draft-orders.gateway.ts';
import { isDraft } from '../erp/sale-order.gateway.ts';
import type { Found, ImportDeps, InErp, Mapped, OrderRecord } from '../import-records.ts';
import { amountProblems } from './verify-imported.step.ts';

type In = OrderRecord & Mapped & Found & InErp;

/** Whether the read draft disagrees with Amazon (a missing one does not: there is nothing to rewrite). */
const disagrees = (so: DraftSaleOrder | undefined, r: In) => Boolean(so && isDraft(so.state) && amountProblems(so, r.mapped).length);

export function checkDraftTotalsStep(deps: ImportDeps): TypedStep<In, InErp> {
  return {
    name: 'check-draft-totals',
    noCompensation: "reads; a draft an earlier run left is rewritten from the mapping (Amazon's lines) and stays a draft until its totals are Amazon's",
    async invoke(records, ctx) {
      const drafts: In[] = [];
      for (const r of records) {
        if (isDraft(r.saleOrder.state)) drafts.push(r);
        else ctx.done(r, { saleOrder: r.saleOrder }); // confirmed already (an earlier run): verify-imported reads it
      }
      if (!drafts.length) return;
      const gateway = draftOrdersGateway(deps.rt.erp);
      const read = await gateway.read(drafts.map((r) => r.saleOrder.id));
      // Drafts an earlier run left (a crash before confirming, or a mismatch whose cause was fixed since) were made
      // by an older mapping: rewritten when they disagree, then read again (rare; one write each, one read).
      const stale = drafts.filter((r) => r.existing && disagrees(read.get(r.saleOrder.id), r));
      const failed = new Set<In>();
      if (stale.length) {
        await deps.locks.ensureHeld();
        for (const r of stale) {
          try {
            await gateway.rewrite(read.get(r.saleOrder.id)!, r.mapped.saleOrder.vals, r.mapped.lines.map((l) => l.vals));
          } catch (e) {
            failed.add(r);
            ctx.fail(r, e);
          }
        }
        const again = await gateway.read(stale.filter((r) => !failed.has(r)).map((r) => r.saleOrder.id));
        for (const [id, so] of again) read.set(id, so);
      }
      for (const r of drafts) {
        if (failed.has(r)) continue;
        const so = read.get(r.saleOrder.id);
        if (!so) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${r.saleOrder.id} disappeared from the ERP before it was confirmed`));
          continue;
        }
        // Confirmed meanwhile (by a person): nothing to confirm; verify-imported compares its totals.
        const problems = isDraft(so.state) ? amountProblems(so, r.mapped, true) : [];
        if (problems.length) ctx.fail(r, new ConflictError(problems[0]!.code, problems[0]!.message, { ...problems[0]!.details, problems }));
        else ctx.done(r, { saleOrder: { id: so.id, state: so.state } });
      }
    },
  };
}
