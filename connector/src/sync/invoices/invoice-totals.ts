/**
 * The check before posting: an invoice must hold Amazon's amounts. The order's invoices together (this draft plus
 * the ones before it) may not exceed Amazon's total and tax, and once the order is invoiced in full they must be
 * exactly Amazon's, to the minor unit. Withheld tax (marketplace facilitator) is not the seller's: it is left out
 * of Amazon's figures as it is left off the order's lines (the orders import already leaves it off).
 */
import { currencyExponent, formatMinor, parseDecimal, rescale } from '../../core/money.ts';
import type { AmazonOrderAmounts } from '../orders/index.ts';
import type { ErpInvoice } from './erp/invoice.gateway.ts';

export interface TotalsProblem {
  message: string;
  details: Record<string, unknown>;
}

const minor = (amount: string, currency: string): bigint => rescale(parseDecimal(amount), currencyExponent(currency));

/**
 * What is wrong with `draft` given the order's `earlier` invoices (not cancelled) and Amazon's amounts; null when
 * it may be posted. `complete`: the order has nothing left to invoice once this draft exists.
 */
export function totalsProblem(draft: ErpInvoice, earlier: readonly ErpInvoice[], amazon: AmazonOrderAmounts, complete: boolean): TotalsProblem | null {
  const cur = amazon.currency;
  if (draft.currency !== null && draft.currency !== cur) {
    return { message: `the invoice is in ${draft.currency}, Amazon's order in ${cur}`, details: { erpCurrency: draft.currency, currency: cur } };
  }
  const sum = (f: (i: ErpInvoice) => string) => [draft, ...earlier].reduce((s, i) => s + minor(f(i), cur), 0n);
  const total = sum((i) => i.amountTotal);
  const tax = sum((i) => i.amountTax);
  const figures = {
    currency: cur,
    invoiceTotal: formatMinor(minor(draft.amountTotal, cur), cur),
    invoiceTax: formatMinor(minor(draft.amountTax, cur), cur),
    invoicedTotal: formatMinor(total, cur),
    invoicedTax: formatMinor(tax, cur),
    amazonTotal: formatMinor(amazon.total, cur),
    amazonTax: amazon.tax === null ? null : formatMinor(amazon.tax, cur),
    complete,
  };
  const bad = complete ? total !== amazon.total || (amazon.tax !== null && tax !== amazon.tax) : total > amazon.total || (amazon.tax !== null && tax > amazon.tax);
  if (!bad) return null;
  const what = complete ? 'the order is invoiced in full' : 'a part of the order is invoiced';
  return {
    message:
      `${what}: its invoices total ${figures.invoicedTotal} ${cur} (tax ${figures.invoicedTax}), Amazon says ${figures.amazonTotal}` +
      (figures.amazonTax === null ? '' : ` (tax ${figures.amazonTax})`) +
      '; the invoice stays a draft: correct it (or the order) in the ERP, then retry',
    details: figures,
  };
}
