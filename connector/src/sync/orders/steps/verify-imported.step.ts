/**
 * Reads the imported orders back in one call: their names for the API, their write_date (so a later ERP-side
 * edit can be told from ours), their totals and their tax, which must both equal Amazon's to the minor unit: the
 * books must hold Amazon's VAT, not only its total (Odoo's default global rounding can move a cent from the tax
 * into the net while the total stays right). A difference is a conflict carrying both figures.
 */
import { ConflictError } from '../../../core/errors.ts';
import { currencyExponent, formatMinor, parseDecimal, rescale, toMinor } from '../../../core/money.ts';
import type { MapProblem } from '../mapping/order-map-context.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway, type ImportedSaleOrder } from '../erp/sale-order.gateway.ts';
import type { MappedOrder } from '../mapping/order.mapper.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord, Verified } from '../import-records.ts';
import { repairPurchaseDates } from './purchase-date.ts';

export function verifyImportedStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped & InErp, Verified> {
  return {
    name: 'verify-imported',
    noCompensation: 'read-only',
    async invoke(records, ctx) {
      const read = await saleOrderGateway(deps.rt.erp).readImported(records.map((r) => r.saleOrder.id));
      // Amazon's purchase date, where the confirmation overwrote it and the write-back did not happen.
      const byId = await repairPurchaseDates(deps, records, read);
      const binds = [];
      for (const r of records) {
        const so = byId.get(r.saleOrder.id);
        if (!so) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${r.saleOrder.id} disappeared from the ERP`));
          continue;
        }
        binds.push({ kind: 'order' as const, amazonKey: r.key, erpModel: SALE_ORDER_MODEL, erpId: so.id, erpWriteDate: so.writeDate });
        const problems = amountProblems(so, r.mapped);
        if (problems.length) {
          ctx.fail(r, new ConflictError(problems[0]!.code, problems[0]!.message, { ...problems[0]!.details, problems }));
        } else ctx.done(r, { imported: so });
      }
      if (binds.length) await deps.core.binder.bindMany(deps.rt.backend.id, binds);
    },
  };
}

/** What a mismatch found before confirming leaves, and how it heals. */
const KEPT_DRAFT = "it stays an unconfirmed draft, rewritten from the mapping and confirmed on a retry once its totals are Amazon's";

/** An amount the ERP answered (a JSON number may carry float noise) in minor units of `currency`. */
const erpMinor = (amount: string, currency: string): bigint => rescale(parseDecimal(amount), currencyExponent(currency));

/**
 * What differs between the ERP order and Amazon: the total, the tax, or both (each with both figures). `draft`: read
 * before confirming (check-draft-totals.step.ts), so the advice is to fix the cause and retry, not to edit the order.
 */
export function amountProblems(so: ImportedSaleOrder, m: Pick<MappedOrder, 'currency' | 'expectedTotal' | 'expectedTax'>, draft = false): MapProblem[] {
  const cur = m.currency;
  const problems: MapProblem[] = [];
  const erpTotal = erpMinor(so.amountTotal, cur);
  const erpTax = erpMinor(so.amountTax, cur);
  const amazonTotal = toMinor(m.expectedTotal.amount, cur);
  const amazonTax = toMinor(m.expectedTax.amount, cur);
  const figures = {
    currency: cur,
    erpTotal: formatMinor(erpTotal, cur),
    amazonTotal: formatMinor(amazonTotal, cur),
    erpTax: formatMinor(erpTax, cur),
    amazonTax: formatMinor(amazonTax, cur),
  };
  if (erpTotal !== amazonTotal) {
    problems.push({
      code: 'TOTAL_MISMATCH',
      message: `${so.name} totals ${figures.erpTotal} ${cur}, Amazon says ${figures.amazonTotal}` + (draft ? `: fix the cause (a mapping row, the ERP's taxes), then retry; ${KEPT_DRAFT}` : ''),
      // erp/expected: the names this conflict has always carried.
      details: { erp: figures.erpTotal, expected: figures.amazonTotal, ...figures },
    });
  }
  if (erpTax !== amazonTax) {
    problems.push({
      code: 'TAX_MISMATCH',
      message:
        `${so.name} carries ${figures.erpTax} ${cur} of tax, Amazon charged ${figures.amazonTax} ${cur}: ` +
        "set the company's tax rounding to per line (the set-up does it with consent), then " +
        (draft ? `retry; ${KEPT_DRAFT}` : 'correct the order in the ERP'),
      details: figures,
    });
  }
  return problems;
}
