/**
 * A settlement report of `lines` lines as Amazon writes GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 (the Amazon
 * sandbox's columns, `tsv` and `localAmount`: tab-separated, amounts with Amazon.de's decimal comma), made in
 * memory before the measured stages and written gzipped to disk (the report Amazon serves is gzipped too). Selling 10,000 orders through the
 * Amazon sandbox to get such a report would only repeat what the orders bench measures, so the rows are made here:
 *
 * - every `known` order (imported and invoiced in the ERP by the seeding) is settled for its imported total
 *   (ItemPrice Principal + Tax = the invoice), with its referral fee and a digital services fee: 4 lines;
 * - the rest are FBA orders the connector never imported (sold before it, or another tool's: `order_known =
 *   false`), 7 lines each (price, tax, shipping, a shipping promotion, referral and FBA fees, a shipping
 *   chargeback), one in eight also refunded (4 lines: price and tax back, the commission back less Amazon's refund
 *   administration fee) with its adjustment id;
 * - the account's own lines: subscription, storage fee, an FBA inbound placement fee carrying the shipment id in
 *   `order-id`, the previous reserve released and a new one held.
 *
 * The summary's total is the lines' sum (a balanced settlement).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { SETTLEMENT_COLUMNS } from '../../sandbox/amazon/src/reports/settlement-reports.ts';
import { localAmount, reportTime, tsv } from '../../sandbox/amazon/src/reports/tsv.ts';

export interface KnownOrder { orderId: string; totalMinor: number; sku: string }
export interface MadeReport { settlementId: string; lines: number; knownOrders: number; unknownOrders: number; refunds: number; totalMinor: number; bytesGz: number }

const DAY = 86_400_000;
const money = (minor: number) => localAmount(minor, 'EUR', 'DE');
const date = (ms: number) => reportTime(ms).replace('T', ' ').replace('+00:00', ' UTC');

/** A deterministic pseudo-random sequence (the same report for the same arguments). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function makeSettlementReport(path: string, o: { lines: number; known: readonly KnownOrder[]; settlementId: string; seed?: number }): Promise<MadeReport> {
  const rand = rng(o.seed ?? 16);
  const endMs = Date.now() - 3_600_000;
  const startMs = endMs - 14 * DAY;
  const at = () => startMs + Math.floor(rand() * (endMs - startMs));
  const rows: string[][] = [];
  const row = (type: string, orderId: string, amountType: string, description: string, amount: number, postedMs: number,
    x: { adjustmentId?: string; shipmentId?: string; fulfillment?: string; sku?: string; quantity?: number; market?: string } = {}) =>
    rows.push(['', '', '', '', '', '', type, orderId, '', x.adjustmentId ?? '', x.shipmentId ?? '', x.market ?? 'Amazon.de', amountType, description,
      money(amount), x.fulfillment ?? '', reportTime(postedMs).slice(0, 10), date(postedMs), '', '', '', x.sku ?? '', x.quantity ? String(x.quantity) : '', '']);

  // The account's own lines first (a fixed handful), then the known orders, then unknown orders up to `lines`.
  row('other-transaction', '', 'other-transaction', 'Subscription Fee', -3900, startMs, { market: '' });
  row('other-transaction', '', 'other-transaction', 'Storage Fee', -Math.round(o.lines * 1.7), endMs - 2, { market: '' });
  row('other-transaction', `FBA${o.settlementId.slice(-8)}X`, 'other-transaction', 'FBA Inbound Placement Service Fee', -27 * 40, endMs - 1, { market: '' });
  row('Previous Reserve Amount Balance', '', 'other-transaction', 'Previous Reserve Amount Balance', 150_000, startMs, { market: '' });
  const reserveAt = rows.length;
  row('Current Reserve Amount', '', 'other-transaction', 'Current Reserve Amount', 0, endMs - 1, { market: '' });
  let sales = 0;
  let knownOrders = 0;
  for (const k of o.known) {
    if (rows.length + 4 > o.lines) break;
    const t = at();
    const tax = Math.round((k.totalMinor * 19) / 119);
    const base = { shipmentId: `S${k.orderId.slice(-9)}`, fulfillment: 'MFN', sku: k.sku, quantity: 1 };
    row('Order', k.orderId, 'ItemPrice', 'Principal', k.totalMinor - tax, t, base);
    row('Order', k.orderId, 'ItemPrice', 'Tax', tax, t, base);
    row('Order', k.orderId, 'ItemFees', 'Commission', -Math.round((k.totalMinor - tax) * 0.15), t, base);
    row('Order', k.orderId, 'ItemFees', 'DigitalServicesFee', -Math.round((k.totalMinor - tax) * 0.005), t, base);
    sales += k.totalMinor;
    knownOrders++;
  }
  let unknownOrders = 0;
  let refunds = 0;
  while (rows.length < o.lines) {
    unknownOrders++;
    const id = `302-${String(1_000_000 + unknownOrders).padStart(7, '0')}-${String(Math.floor(rand() * 9_000_000) + 1_000_000)}`;
    const qty = 1 + Math.floor(rand() * 3);
    const principal = qty * (999 + Math.floor(rand() * 9000));
    const tax = Math.round(principal * 0.19);
    const t = at();
    const base = { shipmentId: `D${String(unknownOrders).padStart(9, '0')}`, fulfillment: 'AFN', sku: `FBA-SKU-${unknownOrders % 400}`, quantity: qty };
    const orderRows: [string, string, number][] = [['ItemPrice', 'Principal', principal], ['ItemPrice', 'Tax', tax], ['ItemPrice', 'Shipping', 499],
      ['Promotion', 'Shipping', -499], ['ItemFees', 'Commission', -Math.round(principal * 0.15)], ['ItemFees', 'FBAPerUnitFulfillmentFee', -305 * qty],
      ['ItemFees', 'ShippingChargeback', -120]];
    for (const [amountType, description, amount] of orderRows) {
      if (rows.length >= o.lines) break;
      row('Order', id, amountType, description, amount, t, base);
      if (amountType === 'ItemPrice') sales += amount;
    }
    if (unknownOrders % 8 === 0) {
      const back = { adjustmentId: `R${String(unknownOrders).padStart(12, '0')}`, fulfillment: 'AFN', sku: base.sku };
      const commission = Math.round(principal * 0.15);
      const refundRows: [string, string, number][] = [['ItemPrice', 'Principal', -principal], ['ItemPrice', 'Tax', -tax], ['ItemFees', 'Commission', commission],
        ['ItemFees', 'RefundCommission', -Math.min(500, Math.round(commission * 0.2))]];
      if (rows.length < o.lines) refunds++;
      for (const [amountType, description, amount] of refundRows) if (rows.length < o.lines) row('Refund', id, amountType, description, amount, t + DAY, back);
    }
  }
  // A new reserve held: 10 % of the period's sales (the sandbox's rule), written into its row before the total.
  rows[reserveAt]![14] = money(-Math.round(sales * 0.1));
  const amountOf = (r: string[]) => Math.round(Number(r[14]!.replace(',', '.')) * 100);
  const totalMinor = rows.reduce((a, r) => a + amountOf(r), 0);
  const summary = [o.settlementId, date(startMs), date(endMs), date(endMs + 3 * DAY), money(totalMinor), 'EUR', ...Array<string>(18).fill('')];

  const gz = createGzip();
  const file = createWriteStream(path);
  gz.pipe(file);
  const write = async (text: string) => {
    if (!gz.write(text)) await once(gz, 'drain');
  };
  await write(tsv(SETTLEMENT_COLUMNS, [summary]));
  for (let i = 0; i < rows.length; i += 2000) await write(tsv([], rows.slice(i, i + 2000)).replace(/^\n/, ''));
  gz.end();
  await once(file, 'close');
  return { settlementId: o.settlementId, lines: rows.length, knownOrders, unknownOrders, refunds, totalMinor, bytesGz: file.bytesWritten };
}
