import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as ops from '../admin/admin-ops.ts';
import { DEFAULT_SELLERS, resolveOptions } from '../config.ts';
import { packageOf } from '../catalogue.ts';
import { fulfilmentFeePerUnit } from '../fba/fulfilment-fee.ts';
import { refundOrder } from '../finances/finance-admin.ts';
import { toMinor } from '../generator/money.ts';
import { createState } from '../state.ts';
import { checkCreateReport } from './create-report-request.ts';
import { SETTLEMENT_COLUMNS, SETTLEMENT_V2 } from './settlement-reports.ts';

const DE = 'A1PA6795UKMFR9';
const DAY = 86_400_000;

/** A world that sells (merchant and FBA) and refunds one order, then its clock moves past the first period. */
function world(seed: number) {
  let now = Date.parse('2026-11-02T08:00:00Z');
  const state = createState(resolveOptions({ seed, now: () => now, sellers: [...DEFAULT_SELLERS], returnShare: 0, refundShare: 0 }));
  const sellerId = DEFAULT_SELLERS[0]!.sellerId;
  const merchant = ops.generateOrders(state, { sellerId, count: 3, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
  ops.generateOrders(state, { sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'AMAZON', status: 'SHIPPED', business: false });
  refundOrder(state, merchant[0]!, {});
  const before = state.reports.reportsOf(sellerId).filter((r) => r.reportType === SETTLEMENT_V2).length;
  now += 15 * DAY;
  state.reportProcessor.advance();
  const reports = state.reports.reportsOf(sellerId).filter((r) => r.reportType === SETTLEMENT_V2);
  const texts = reports.map((r) => gunzipSync(state.feeds.documents.get(r.reportDocumentId!)!.bytes!).toString('utf8'));
  state.reportProcessor.stop();
  return { state, sellerId, before, reports, texts };
}

const minor = (text: string) => toMinor(text.replace(',', '.'), 2);

describe('settlement reports (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2)', () => {
  it('cannot be requested', () => {
    const checked = checkCreateReport({ reportType: SETTLEMENT_V2, marketplaceIds: [DE] }, [DE], Date.now());
    expect(checked).toMatchObject({ ok: false, message: expect.stringContaining('cannot be requested') });
  });

  it('appears DONE when the 14-day period closes: summary row first, fees and reserve, lines adding up to the total', () => {
    const { state, before, reports, texts } = world(7);
    expect(before).toBe(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: 'DONE', marketplaceIds: [DE] });
    const [header, summary, ...rows] = texts[0]!.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(header).toEqual([...SETTLEMENT_COLUMNS]);
    const col = (name: string) => SETTLEMENT_COLUMNS.indexOf(name as never);
    expect(summary![col('settlement-id')]).toMatch(/^\d{11}$/);
    expect(summary![col('currency')]).toBe('EUR');
    expect(summary![col('transaction-type')]).toBe('');
    expect(rows.reduce((a, r) => a + minor(r[col('amount')]!), 0)).toBe(minor(summary![col('total-amount')]!));
    const described = new Set(rows.map((r) => `${r[col('amount-type')]}/${r[col('amount-description')]}`));
    for (const d of ['ItemPrice/Principal', 'ItemFees/Commission', 'ItemFees/FBAPerUnitFulfillmentFee', 'ItemFees/RefundCommission',
      'other-transaction/Subscription Fee', 'other-transaction/Current Reserve Amount', 'other-transaction/FBA Inbound Placement Service Fee']) expect(described).toContain(d);
    // The FBA fee by each SKU's size tier and weight band, per unit shipped.
    const fbaFees = rows.filter((r) => r[col('amount-description')] === 'FBAPerUnitFulfillmentFee');
    expect(fbaFees.length).toBeGreaterThan(0);
    for (const r of fbaFees) {
      expect(minor(r[col('amount')]!)).toBe(-fulfilmentFeePerUnit(packageOf(state.catalogue, r[col('sku')]!), 'EUR') * Number(r[col('quantity-purchased')]));
    }
    const placement = rows.find((r) => r[col('amount-description')] === 'FBA Inbound Placement Service Fee')!;
    expect(placement[col('order-id')]).toMatch(/^FBA/);
    expect(placement[col('marketplace-name')]).toBe('');
    // Amazon.de writes a decimal comma.
    expect(summary![col('total-amount')]).toMatch(/^-?\d+,\d{2}$/);
  });

  it('the VAT Amazon withholds as deemed supplier inside a gross without TAX (the demo\'s German seller on Amazon.co.uk) is an ItemWithheldTax line', () => {
    let now = Date.parse('2026-11-02T08:00:00Z');
    const state = createState(resolveOptions({ seed: 5, now: () => now, sellers: [...DEFAULT_SELLERS], returnShare: 0, refundShare: 0 }));
    const sellerId = DEFAULT_SELLERS[0]!.sellerId;
    const ids = ops.generateOrders(state, { sellerId, count: 4, marketplaceId: 'A1F83G8C2ARO7P', fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
    now += 15 * DAY;
    state.reportProcessor.advance();
    const report = state.reports.reportsOf(sellerId).find((r) => r.reportType === SETTLEMENT_V2)!;
    const [, , ...rows] = gunzipSync(state.feeds.documents.get(report.reportDocumentId!)!.bytes!).toString('utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    state.reportProcessor.stop();
    const col = (name: string) => SETTLEMENT_COLUMNS.indexOf(name as never);
    const uk = state.catalogue.marketplaces.find((m) => m.marketplaceId === 'A1F83G8C2ARO7P')!;
    for (const id of ids) {
      const items = state.store.get(id)!.order.orderItems as Array<{ orderItemId: string; tax?: { taxCollections?: unknown[] }; proceeds: { breakdowns: Array<{ type: string }> }; product: { sellerSku: string } }>;
      for (const item of items) {
        expect(item.tax?.taxCollections).toBeDefined();
        expect(item.proceeds.breakdowns.some((b) => b.type === 'TAX')).toBe(false);
        const mine = rows.filter((r) => r[col('order-item-code')] === item.orderItemId);
        const gross = mine.filter((r) => ['ItemPrice', 'Promotion'].includes(r[col('amount-type')]!)).reduce((a, r) => a + minor(r[col('amount')]!), 0);
        const withheld = mine.filter((r) => r[col('amount-type')] === 'ItemWithheldTax');
        expect(withheld.map((r) => r[col('amount-description')])).toEqual(['MarketplaceFacilitatorVAT-Principal']);
        // The UK rate of the product's tax class inside the gross (each component rounded on its own: within a unit or two).
        const rate = Number(uk.vat[state.catalogue.products.find((p) => p.sellerSku === item.product.sellerSku)!.taxClass]);
        const vat = -minor(withheld[0]![col('amount')]!);
        expect(Math.abs(vat - Math.round((gross * rate) / (100 + rate))), `${id} ${gross} ${vat} ${rate}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('charges the month\'s FBA storage in every second settlement, from the units the pool holds (not inbound)', () => {
    const { state, sellerId } = world(7);
    const sellerDe = DE;
    ops.generateOrders(state, { sellerId, count: 2, marketplaceId: sellerDe, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
    const held = state.fbaStock.list(sellerId, 'EU').reduce((a, r) => a + r.fulfillable + Object.values(r.reserved).reduce((x, y) => x + y, 0)
      + Object.values(r.researching).reduce((x, y) => x + y, 0) + Object.values(r.unfulfillable).reduce((x, y) => x + y, 0), 0);
    const made = state.reportProcessor.settlements.closeNow(sellerId).filter((x) => x.currency === 'EUR');
    state.reportProcessor.stop();
    expect(made).toHaveLength(1);
    expect(made[0]!.index).toBe(1);
    const col = (name: string) => SETTLEMENT_COLUMNS.indexOf(name as never);
    const rows = made[0]!.text.trimEnd().split('\n').slice(2).map((l) => l.split('\t'));
    const storage = rows.filter((r) => r[col('amount-description')] === 'Storage Fee');
    expect(storage.map((r) => [r[col('transaction-type')], r[col('amount-type')], minor(r[col('amount')]!)])).toEqual([['other-transaction', 'other-transaction', -3 * held]]);
    expect(rows.reduce((a, r) => a + minor(r[col('amount')]!), 0)).toBe(made[0]!.totalMinor);
    // The first settlement (index 0) had none.
    expect(world(7).texts[0]).not.toContain('Storage Fee');
  });

  it('closed as at a few minutes back (Amazon\'s report comes after its period): a refund posted since goes into the next one', () => {
    let now = Date.parse('2026-11-02T08:00:00Z');
    const state = createState(resolveOptions({ seed: 5, now: () => now, sellers: [...DEFAULT_SELLERS], returnShare: 0, refundShare: 0 }));
    const sellerId = DEFAULT_SELLERS[0]!.sellerId;
    const [orderId] = ops.generateOrders(state, { sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
    now += 10 * 60_000;
    refundOrder(state, orderId!, {});
    now += 60_000;
    const refundRows = (text: string) => text.split('\n').filter((l) => l.split('\t')[SETTLEMENT_COLUMNS.indexOf('transaction-type')] === 'Refund');
    const first = state.reportProcessor.settlements.closeNow(sellerId, now - 4 * 60_000);
    expect(first.map((x) => [x.currency, x.endMs])).toEqual([['EUR', now - 4 * 60_000]]);
    expect(first[0]!.text).toContain(orderId);
    expect(refundRows(first[0]!.text)).toEqual([]);
    now += 60_000;
    const next = state.reportProcessor.settlements.closeNow(sellerId);
    state.reportProcessor.stop();
    expect(next.map((x) => [x.startMs, x.endMs])).toEqual([[first[0]!.endMs, now]]);
    expect(refundRows(next[0]!.text).length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    expect(world(11).texts).toEqual(world(11).texts);
  });
});
