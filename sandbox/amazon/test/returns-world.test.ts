/**
 * The generated world's returns (`returnShare`, default 0.06): a share of shipped orders comes back, merchant
 * returns refunded in full, in part or never, FBA returns with dispositions (some revised later, some never
 * arriving), reimbursements for units Amazon damaged or never got back; the returns reports show them as of their
 * generation time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { parseTsv, reportsApi } from './helpers/reports.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
let clock = Date.parse('2026-09-01T10:00:00Z');
let sb: AmazonSandbox;
let seller: string;
let orderIds: string[];

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 11, seedOrders: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
  // 2,000 orders shipped 50 to 90 days ago: every generated return (2-30 days after shipping) has happened by now.
  orderIds = sb.generateOrders({ sellerId: seller, count: 2000, status: 'SHIPPED', marketplaceId: DE,
    createdFrom: new Date(clock - 90 * DAY).toISOString(), createdTo: new Date(clock - 50 * DAY).toISOString() });
});
afterAll(() => sb.close());

describe('returns in the generated world', () => {
  it('returns about 6 % of shipped orders, with every outcome the reports must handle', () => {
    const { returns, reimbursements } = sb.returns(seller);
    const returned = new Set(returns.map((r) => r.orderId));
    expect(returned.size / orderIds.length).toBeGreaterThan(0.04);
    expect(returned.size / orderIds.length).toBeLessThan(0.08);
    const merchant = returns.filter((r) => r.fulfilledBy === 'MERCHANT');
    const fba = returns.filter((r) => r.fulfilledBy === 'AMAZON');
    expect(merchant.some((r) => r.refund === null)).toBe(true); // never refunded
    expect(merchant.some((r) => r.refund !== null)).toBe(true);
    expect(fba.some((r) => r.dispositions.length === 0)).toBe(true); // refunded, never sent back
    expect(fba.some((r) => new Set(r.dispositions.map((d) => d.disposition)).size > 1)).toBe(true); // revised later
    const reasons = new Set(reimbursements.map((x) => x.reason));
    expect([reasons.has('CustomerReturn'), reasons.has('Damaged_Warehouse')]).toEqual([true, true]);
    expect([...reasons].every((x) => ['CustomerReturn', 'Damaged_Warehouse', 'Lost_Warehouse'].includes(x))).toBe(true);
  });

  it('the FBA returns report shows the disposition known at its generation time', async () => {
    const eu = await reportsApi(sb, 0);
    const { returns } = sb.returns(seller);
    const arrived = returns.filter((r) => r.fulfilledBy === 'AMAZON' && r.dispositions.length > 0);
    const created = await eu.api('POST', '/reports', { reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', marketplaceIds: [DE],
      dataStartTime: new Date(clock - 100 * DAY).toISOString(), dataEndTime: new Date(clock).toISOString() });
    clock += 121_000;
    const report = await eu.get((created.body as Obj).reportId);
    const rows = parseTsv((await eu.download(report.reportDocumentId!)).text).rows;
    expect(rows).toHaveLength(arrived.length);
    for (const r of arrived) {
      const row = rows.find((x) => x['order-id'] === r.orderId && x.sku === r.sku)!;
      expect([row['detailed-disposition'], row.status]).toEqual([r.disposition, r.status]);
    }
  });
});
