/**
 * The generated world's money (`refundShare`, default 0.08): every shipped order's sale, the returns world's
 * refunds posted as Refund transactions for the amounts it decided, refunds without a return and chargebacks on
 * top, deferred sales, and tax withheld by Amazon as marketplace facilitator (US); read through the admin API and
 * listTransactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { buyerMinor, checkSums, financesApi, identifier } from './helpers/finances.ts';
import { call } from './helpers/http-client.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const US = 'ATVPDKIKX0DER';
const clock = Date.parse('2026-09-01T10:00:00Z');
let sb: AmazonSandbox;
let orderIds: string[];
let held: Obj[];

const iso = (ms: number) => new Date(ms).toISOString();
const finances = async (sellerId: string) => ((await call(sb.port, { path: `/_sandbox/finances/${sellerId}` })).body as Obj).transactions as Obj[];

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 11, seedOrders: 0, now: () => clock });
  // 2,000 orders shipped 100 to 130 days ago: every refund and chargeback the world plans has been posted by now.
  orderIds = sb.generateOrders({ sellerId: sb.sellers[0]!.sellerId, count: 2000, status: 'SHIPPED', marketplaceId: DE,
    createdFrom: iso(clock - 130 * DAY), createdTo: iso(clock - 100 * DAY) });
  held = await finances(sb.sellers[0]!.sellerId);
});
afterAll(() => sb.close());

describe('money in the generated world', () => {
  it('refunds about 8 % of shipped orders, every refunded return for the amount the returns world decided', () => {
    const refunds = held.filter((t) => t.transactionType === 'Refund');
    const refunded = new Set(refunds.map((t) => identifier(t, 'ORDER_ID')));
    expect(refunded.size / orderIds.length).toBeGreaterThan(0.065);
    expect(refunded.size / orderIds.length).toBeLessThan(0.095);
    const { returns } = sb.returns(sb.sellers[0]!.sellerId);
    const paidBack = returns.filter((r) => r.refund && r.refund.amountMinor > 0);
    expect(paidBack.length).toBeGreaterThan(50);
    for (const r of paidBack) {
      const t = refunds.find((x) => x.returnId === r.returnId);
      expect(t, r.returnId).toBeDefined();
      expect(t!.postedDate).toBe(r.refund!.date);
      expect(buyerMinor(t!)).toBe(-r.refund!.amountMinor);
      expect(t!.items[0].contexts[0]).toMatchObject({ sku: r.sku, quantityShipped: r.quantity });
    }
    // Never refunded: no Refund transaction for that return.
    for (const r of returns.filter((x) => !x.refund)) expect(refunds.some((t) => t.returnId === r.returnId)).toBe(false);
    const withoutReturn = refunds.filter((t) => !t.returnId);
    expect(withoutReturn.length).toBeGreaterThan(10);
    // Chargebacks now and then, shaped exactly like refunds.
    const chargebacks = refunds.filter((t) => t.kind === 'chargeback');
    expect(chargebacks.length).toBeGreaterThan(0);
    expect(chargebacks[0]).toMatchObject({ transactionType: 'Refund', description: 'Refund Order' });
    expect(identifier(chargebacks[0]!, 'REFUND_ID')).toMatch(/^R\d{9}$/);
    for (const t of held) checkSums(t);
  });

  it('defers invoiced B2B sales and a share of the others (DD7), each with its release', () => {
    const deferred = held.filter((t) => t.contexts.length > 0);
    const reasons = new Set(deferred.map((t) => t.contexts[0].deferralReason));
    expect([...reasons].sort()).toEqual(['B2B', 'DD7']);
    const dd7 = deferred.filter((t) => t.contexts[0].deferralReason === 'DD7').length;
    expect(dd7 / orderIds.length).toBeGreaterThan(0.15);
    expect(dd7 / orderIds.length).toBeLessThan(0.3);
    for (const t of deferred) {
      expect(t.transactionStatus).toBe('DEFERRED_RELEASED');
      const release = held.find((x) => x.transactionId === identifier(t, 'RELEASE_TRANSACTION_ID'));
      expect(identifier(release!, 'DEFERRED_TRANSACTION_ID')).toBe(t.transactionId);
    }
    // Refunds of invoiced B2B orders are deferred too; the release is a Refund of the same REFUND_ID, counted once.
    const deferredRefunds = deferred.filter((t) => t.transactionType === 'Refund');
    expect(deferredRefunds.length).toBeGreaterThan(0);
    for (const t of deferredRefunds) {
      expect(t.contexts[0].deferralReason).toBe('B2B');
      const release = held.find((x) => x.transactionId === identifier(t, 'RELEASE_TRANSACTION_ID'))!;
      expect(release).toMatchObject({ transactionType: 'Refund', transactionStatus: 'RELEASED', contexts: [] });
      expect(identifier(release, 'REFUND_ID')).toBe(identifier(t, 'REFUND_ID'));
      expect(Date.parse(release.postedDate)).toBe(Date.parse(t.contexts[0].maturityDate));
    }
  });

  it('withholds US sales tax as marketplace facilitator, returned in proportion on refunds', async () => {
    const na = sb.sellers[1]!;
    sb.generateOrders({ sellerId: na.sellerId, count: 300, status: 'SHIPPED', marketplaceId: US, createdFrom: iso(clock - 130 * DAY),
      createdTo: iso(clock - 100 * DAY) });
    const api = await financesApi(sb, 1);
    const { transactions } = await api.all({ postedAfter: iso(clock - 150 * DAY), postedBefore: iso(clock - DAY) });
    const sale = transactions.find((t) => t.transactionType === 'Shipment')!;
    const tax = sale.breakdowns.find((b: Obj) => b.breakdownType === 'Tax').breakdownAmount.currencyAmount;
    const withheld = sale.breakdowns.find((b: Obj) => b.breakdownType === 'TaxWithheld').breakdownAmount.currencyAmount;
    expect(tax).toBeGreaterThan(0);
    expect(withheld).toBe(-tax);
    const refund = transactions.find((t) => t.transactionType === 'Refund')!;
    const back = refund.breakdowns.find((b: Obj) => b.breakdownType === 'TaxWithheld');
    expect(back.breakdownAmount.currencyAmount).toBeGreaterThan(0);
    for (const t of transactions) checkSums(t);
  });
});
