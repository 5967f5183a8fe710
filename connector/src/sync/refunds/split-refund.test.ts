import { describe, expect, it } from 'vitest';
import type { RefundDocument } from './refund-document.ts';
import { splitRefund, type CreditableInvoice } from './split-refund.ts';

const doc = (items: Array<{ sku: string | null; quantity: number; parts: Record<string, number> }>): RefundDocument => {
  const all = items.map((i) => ({ itemId: null, sku: i.sku, quantity: i.quantity, creditMinor: String(Object.entries(i.parts).filter(([p]) => !p.startsWith('taxwithheld')).reduce((s, [, v]) => s + v, 0)),
    parts: Object.fromEntries(Object.entries(i.parts).map(([k, v]) => [k, String(v)])) }));
  const credit = String(all.reduce((s, i) => s + Number(i.creditMinor), 0));
  return { refundId: 'R1', transactionId: 'T1', orderId: 'O1', postedDate: '2026-12-01T00:00:00Z', status: 'RELEASED', marketplaceId: null, currency: 'EUR',
    totalMinor: credit, creditMinor: credit, deferral: null, items: all };
};
const inv = (id: number, creditable: Record<string, number>, services: string[] = []): CreditableInvoice => ({ id, creditable: new Map(Object.entries(creditable)), services: new Set(services) });
const sumOf = (d: RefundDocument) => d.items.reduce((s, i) => s + Number(i.creditMinor), 0);

describe('which invoices a refund credits, and their shares of its amounts', () => {
  it('one invoice holding every refunded unit (and the shipping line) takes the whole refund', () => {
    const d = doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -1000, tax: -190 } }]);
    const s = splitRefund(d, [inv(1, { B: 1 }, ['service:shipping']), inv(2, { A: 1 })]);
    expect(s).toEqual({ ok: true, shares: [{ invoiceId: 2, doc: d }] });
  });

  it('SKUs on two invoices: a share per invoice, the shipping with the invoice carrying its line, each with its tax', () => {
    const d = doc([
      { sku: 'A', quantity: 1, parts: { 'productcharges/principal': -1000, 'productcharges/shipping': -500, tax: -285 } },
      { sku: 'B', quantity: 1, parts: { 'productcharges/principal': -2000, 'productcharges/shipping': -500, tax: -475 } },
    ]);
    const s = splitRefund(d, [inv(1, { A: 1 }, ['service:shipping']), inv(2, { B: 1 })]);
    if (!s.ok) throw new Error(s.problems.join());
    expect(s.shares.map((x) => x.invoiceId)).toEqual([1, 2]);
    const [one, two] = s.shares.map((x) => x.doc);
    // B's shipping (5.00 and its tax 0.95) goes to invoice 1, with A; invoice 2 credits B's principal and its tax.
    expect(one!.items.map((i) => [i.sku, i.quantity, i.parts])).toEqual([
      ['A', 1, { 'productcharges/principal': '-1000', 'productcharges/shipping': '-500', tax: '-285' }],
      [null, 0, { 'productcharges/shipping': '-500', tax: '-95' }],
    ]);
    expect(two!.items.map((i) => [i.sku, i.quantity, i.parts])).toEqual([['B', 1, { 'productcharges/principal': '-2000', tax: '-380' }]]);
    expect(sumOf(one!) + sumOf(two!)).toBe(Number(d.creditMinor));
    expect(one!.creditMinor).toBe(String(sumOf(one!)));
  });

  it('units of one SKU over two invoices: shared by units, rounded down, the last taking the rest', () => {
    const d = doc([{ sku: 'A', quantity: 3, parts: { 'productcharges/principal': -1000, tax: -190 } }]);
    const s = splitRefund(d, [inv(1, { A: 1 }), inv(2, { A: 2 })]);
    if (!s.ok) throw new Error(s.problems.join());
    expect(s.shares.map((x) => [x.invoiceId, x.doc.items.map((i) => [i.quantity, i.parts])])).toEqual([
      [1, [[1, { 'productcharges/principal': '-333', tax: '-63' }]]],
      [2, [[2, { 'productcharges/principal': '-667', tax: '-127' }]]],
    ]);
  });

  it('units already credited by another credit note are not creditable again; more than is left: the problem, no share', () => {
    const d = doc([{ sku: 'A', quantity: 2, parts: { 'productcharges/principal': -1000 } }]);
    expect(splitRefund(d, [inv(1, { A: 1 }), inv(2, { A: 0 })])).toEqual({ ok: false, problems: ["SKU A: 2 unit(s) refunded, 1 still creditable on the order's 2 invoices"] });
    expect(splitRefund(doc([{ sku: null, quantity: 1, parts: {} }]), [inv(1, {})]).ok).toBe(false);
  });
});
