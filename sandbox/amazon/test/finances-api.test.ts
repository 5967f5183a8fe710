/**
 * Finances 2024-06-19 listTransactions on a pinned clock over real HTTP: pages of 500 with nextToken, the query's
 * rules (postedAfter required, two minutes, 180 days), the usage plan's 429, a refund on demand with its
 * identifiers and sums, a deferred sale and its release, and TRANSACTION_UPDATE on SQS against the official schema.
 * Answers are checked strictly against the Finances model.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { buyerMinor, checkSums, financesApi, financesModel, identifier, subscribe } from './helpers/finances.ts';
import { call } from './helpers/http-client.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { strictDefinition } from './helpers/model-validator.ts';
import { notificationValidator } from './helpers/notification-validator.ts';
import { sqsClients } from './helpers/sqs-clients.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Api = Awaited<ReturnType<typeof financesApi>>;
const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const schema = notificationValidator('TransactionUpdateNotification.json');
let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let sqs: SQSClient;
let api: Api;
let seller: string;

beforeAll(async () => {
  // Real usage plans; no generated returns or refunds: every refund here is asked for.
  sb = await startAmazonSandbox({ port: 0, seed: 21, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock,
    sqsDuplicateRate: 0, notificationDelayMs: 10 });
  seller = sb.sellers[0]!.sellerId;
  sqs = sqsClients(sb).viaHost;
});
afterAll(async () => {
  sqs.destroy();
  await sb.close();
});
beforeEach(async () => {
  sb.reset();
  clock += 3_600_000;
  api = await financesApi(sb);
});

const iso = (ms: number) => new Date(ms).toISOString();
const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });
const shipped = (count: number, daysAgo: [number, number], extra: Obj = {}) => sb.generateOrders({ sellerId: seller, count, status: 'SHIPPED',
  marketplaceId: DE, createdFrom: iso(clock - daysAgo[0] * DAY), createdTo: iso(clock - daysAgo[1] * DAY), ...extra });
const bad = (a: { status: number; body: unknown; text: string }, message: RegExp) => {
  expect(a.status, a.text).toBe(400);
  expect(financesModel.errors.validate(a.body), financesModel.errors.explain()).toBe(true);
  expect((a.body as Obj).errors[0]).toEqual({ code: 'InvalidInput', message: expect.stringMatching(message) });
};

/** Waits (5 s at most) for `n` messages on the default queue, deletes them. */
async function receive(n: number): Promise<Obj[]> {
  const got: Obj[] = [];
  const until = Date.now() + 5000;
  while (got.length < n && Date.now() < until) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sb.sqs.queueUrl(), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) got.push(JSON.parse(m.Body!) as Obj);
    if (r.Messages?.length) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: sb.sqs.queueUrl(),
        Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return got;
}

describe('listTransactions', () => {
  it('pages 500 at a time with nextToken, in posted order, every sale once; a token with other arguments is refused', async () => {
    shipped(560, [40, 10]);
    const query = { postedAfter: iso(clock - 60 * DAY) };
    const { pages, transactions } = await api.all(query);
    expect(pages.map((p) => p.length)).toEqual([500, transactions.length - 500]);
    const held = sb.finances(seller).transactions.filter((t) => t.posted);
    expect(new Set(transactions.map((t) => t.transactionId)).size).toBe(transactions.length);
    expect(transactions.map((t) => t.transactionId).sort()).toEqual(held.map((t) => t.transactionId).sort());
    const posted = transactions.map((t) => Date.parse(t.postedDate));
    expect(posted).toEqual([...posted].sort((a, b) => a - b));
    expect(transactions.filter((t) => t.transactionType === 'Shipment' && !identifier(t, 'DEFERRED_TRANSACTION_ID')).length).toBe(560);
    for (const t of transactions) checkSums(t);
    const first = (await api.get(query)).body as Obj;
    bad(await api.get({ ...query, transactionStatus: 'RELEASED', nextToken: first.payload.nextToken }), /nextToken/);
    bad(await api.get({ ...query, nextToken: 'garbage' }), /nextToken/);
  });

  it('applies the window rules: postedAfter required, two minutes, 180 days at most (more: an empty answer)', async () => {
    shipped(20, [100, 90]);
    bad(await api.get({}), /postedAfter is required/);
    bad(await api.get({ postedAfter: 'yesterday' }), /postedAfter/);
    bad(await api.get({ postedAfter: iso(clock - 60_000) }), /two minutes/);
    bad(await api.get({ postedAfter: iso(clock - DAY), postedBefore: iso(clock - 60_000) }), /two minutes/);
    bad(await api.get({ postedAfter: iso(clock - DAY), postedBefore: iso(clock - 2 * DAY) }), /later than postedAfter/);
    bad(await api.get({ postedAfter: iso(clock - DAY), marketplaceId: 'ATVPDKIKX0DER' }), /marketplaceId/);
    bad(await api.get({ postedAfter: iso(clock - DAY), transactionStatus: 'Released' }), /transactionStatus/);
    const wide = await api.get({ postedAfter: iso(clock - 181 * DAY) });
    expect(wide.status).toBe(200);
    expect(wide.body).toEqual({ payload: { transactions: [] } });
    const within = await api.all({ postedAfter: iso(clock - 179 * DAY) });
    expect(within.transactions.length).toBeGreaterThanOrEqual(20);
    const dateOnly = await api.all({ postedAfter: iso(clock - 150 * DAY).slice(0, 10), marketplaceId: DE });
    expect(dateOnly.transactions.length).toBe(within.transactions.length);
  });

  it('answers 429 after the burst of 10, with the usage plan rate on admitted calls', async () => {
    const statuses: number[] = [];
    let last: Obj = {};
    for (let i = 0; i < 11; i++) {
      last = await api.get({ postedAfter: iso(clock - DAY) });
      statuses.push(last.status);
      if (i === 0) expect(last.headers['x-amzn-ratelimit-limit']).toBe('0.5');
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect(last.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect(last.body).toEqual({ errors: [{ code: 'QuotaExceeded', message: expect.any(String) }] });
  });
});

describe('refunds, deferrals and TRANSACTION_UPDATE', () => {
  it('a refund on demand posts a Refund with REFUND_ID, adjustment item ids and exact sums, and is announced', async () => {
    expect(await subscribe(sb, 'TRANSACTION_UPDATE', '1.0')).toBe(200);
    shipped(30, [3, 2], { fulfilledBy: 'MERCHANT' });
    // An order of two units or more: one refunded in part first, the rest after.
    const sale = sb.finances(seller).transactions.find((t) => t.items.reduce((s, i) => s + i.contexts[0]!.quantityShipped, 0) >= 2)!;
    const orderId = identifier(sale, 'ORDER_ID')!;
    const sku = sale.items[0]!.contexts[0]!.sku;
    const r = await admin('POST', `/orders/${orderId}/refund`, { lines: [{ sku, quantity: 1, amount: '5.00' }] });
    expect(r.status, r.text).toBe(200);
    const refundId = identifier((r.body as Obj).transaction, 'REFUND_ID');
    expect(refundId).toMatch(/^R\d{9}$/);
    const [note] = await receive(1);
    expect(schema.validate(note), schema.explain()).toBe(true);
    expect(note!.Payload.TransactionUpdateNotification).toEqual({
      SellingPartnerMetadata: { SellingPartnerId: seller, MarketplaceId: DE, AccountType: 'PAYABLE' },
      RelatedIdentifiers: [{ RelatedIdentifierName: 'OrderId', RelatedIdentifierValue: orderId }, { RelatedIdentifierName: 'RefundId', RelatedIdentifierValue: refundId }],
      TransactionType: 'Refund', PostedDate: iso(clock), TotalAmount: { CurrencyAmount: -5, CurrencyCode: 'EUR' } });
    clock += 180_000; // out of the two minutes Amazon hides
    const { transactions } = await api.all({ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: orderId });
    const refund = transactions.find((t) => t.transactionType === 'Refund')!;
    expect(refund).toMatchObject({ transactionStatus: 'RELEASED', description: 'Refund Order', totalAmount: { currencyAmount: -5, currencyCode: 'EUR' } });
    expect(identifier(refund, 'REFUND_ID')).toBe(refundId);
    expect(refund.items).toHaveLength(1);
    expect(refund.items[0].relatedIdentifiers[0]).toEqual({ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: expect.any(String) });
    expect(refund.items[0].contexts[0]).toMatchObject({ contextType: 'ProductContext', sku, quantityShipped: 1, fulfillmentNetwork: 'MFN' });
    checkSums(refund);
    expect(buyerMinor(refund)).toBe(-500);
    // The rest of the order, in full: every other unit's worth, principal taking the rounding.
    const rest = await admin('POST', `/orders/${orderId}/refund`, {});
    expect(rest.status, rest.text).toBe(200);
    checkSums((rest.body as Obj).transaction);
    const line = sale.items.find((i: Obj) => i.contexts[0].sku === sku) as Obj;
    const lineBuyer = buyerMinor(line);
    const n = line.contexts[0].quantityShipped as number;
    expect(buyerMinor((rest.body as Obj).transaction)).toBe(-(buyerMinor(sale) - lineBuyer + Math.round((lineBuyer * (n - 1)) / n)));
    expect((await admin('POST', `/orders/${orderId}/refund`, {})).body).toMatchObject({ error: 'NOTHING_TO_REFUND' });
  });

  it('a refund dated back (postedMinutesAgo) is posted that many minutes ago, announced now and listed at once', async () => {
    expect(await subscribe(sb, 'TRANSACTION_UPDATE', '1.0')).toBe(200);
    const [orderId] = shipped(1, [3, 2], { fulfilledBy: 'MERCHANT' });
    const before = clock;
    const r = await admin('POST', `/orders/${orderId}/refund`, { postedMinutesAgo: 10 });
    expect(r.status, r.text).toBe(200);
    const refundId = identifier((r.body as Obj).transaction, 'REFUND_ID');
    const [note] = await receive(1);
    expect(note!.Payload.TransactionUpdateNotification).toMatchObject({ TransactionType: 'Refund', PostedDate: iso(before - 600_000) });
    // Announced now (after the sandbox's notification delay), not ten minutes back.
    expect(Date.parse(note!.NotificationMetadata.PublishTime) - before).toBeGreaterThanOrEqual(0);
    expect(Date.parse(note!.NotificationMetadata.PublishTime) - before).toBeLessThan(1000);
    // Out of the two minutes Amazon hides already: listed without waiting.
    const { transactions } = await api.all({ postedAfter: iso(clock - 15 * 60_000), postedBefore: iso(clock - 5 * 60_000) });
    expect(transactions.filter((t) => t.transactionType === 'Refund').map((t) => identifier(t, 'REFUND_ID'))).toEqual([refundId]);
    expect((await admin('POST', `/orders/${orderId}/refund`, { postedMinutesAgo: -1 })).body).toMatchObject({ error: 'BAD_REQUEST' });
  });

  it('a return on demand that is refunded posts its Refund for the returned units, announced; one never refunded posts none', async () => {
    expect(await subscribe(sb, 'TRANSACTION_UPDATE', '1.0')).toBe(200);
    const [kept, refunded] = shipped(2, [3, 2], { fulfilledBy: 'AMAZON' });
    expect((await admin('POST', `/orders/${kept}/return`, { refund: false, disposition: 'SELLABLE' })).status).toBe(200);
    const ret = ((await admin('POST', `/orders/${refunded}/return`, { disposition: 'SELLABLE' })).body as Obj).return as Obj;
    const [note] = await receive(1);
    expect(note!.Payload.TransactionUpdateNotification).toMatchObject({ TransactionType: 'Refund',
      TotalAmount: { CurrencyAmount: -ret.refund.amountMinor / 100, CurrencyCode: 'EUR' } });
    const refunds = sb.finances(seller).transactions.filter((t) => t.transactionType === 'Refund');
    expect(refunds.map((t) => [identifier(t, 'ORDER_ID'), t.returnId])).toEqual([[refunded, ret.returnId]]);
    expect(buyerMinor(refunds[0]!)).toBe(-ret.refund.amountMinor);
  });

  it('a deferred sale is DEFERRED until maturity, then DEFERRED_RELEASED and linked both ways to its release', async () => {
    expect(await subscribe(sb, 'TRANSACTION_UPDATE', '1.0')).toBe(200);
    shipped(40, [1, 0.5], { business: true, fulfilledBy: 'MERCHANT' });
    const deferred = (await api.all({ postedAfter: iso(clock - 3 * DAY), transactionStatus: 'DEFERRED' })).transactions;
    expect(deferred.length).toBeGreaterThan(0);
    // The one released last: by its maturity every release is due, each announced.
    const one = [...deferred].sort((a, b) => Date.parse(b.contexts[0].maturityDate) - Date.parse(a.contexts[0].maturityDate))[0]!;
    expect(one.contexts[0]).toEqual({ contextType: 'DeferredContext', deferralReason: expect.stringMatching(/^(B2B|DD7)$/), maturityDate: expect.any(String) });
    expect(identifier(one, 'RELEASE_TRANSACTION_ID')).toBeUndefined();
    clock = Date.parse(one.contexts[0].maturityDate) + 180_000;
    api = await financesApi(sb); // the access token of an hour ago has expired
    const after = (await api.all({ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: identifier(one, 'ORDER_ID')! })).transactions;
    const sale = after.find((t) => t.transactionId === one.transactionId)!;
    const release = after.find((t) => identifier(t, 'DEFERRED_TRANSACTION_ID') === one.transactionId)!;
    expect(sale.transactionStatus).toBe('DEFERRED_RELEASED');
    expect(identifier(sale, 'RELEASE_TRANSACTION_ID')).toBe(release.transactionId);
    expect(release).toMatchObject({ transactionType: 'Shipment', transactionStatus: 'RELEASED', postedDate: one.contexts[0].maturityDate,
      totalAmount: one.totalAmount });
    const notes = await receive(deferred.length);
    expect(notes).toHaveLength(deferred.length); // history (posted before the subscription's clock) is not news; releases are
    expect(notes.every((n) => schema.validate(n))).toBe(true);
    expect(notes.map((n) => n.Payload.TransactionUpdateNotification.RelatedIdentifiers.at(-1).RelatedIdentifierValue)).toContain(one.transactionId);
  });

  it('a deferred refund on demand is DEFERRED with its maturity; released now, its release is a Refund of the same REFUND_ID', async () => {
    shipped(3, [3, 2], { fulfilledBy: 'MERCHANT' });
    const orderId = identifier(sb.finances(seller).transactions[0]!, 'ORDER_ID')!;
    const maturityDate = iso(clock + 10 * DAY);
    const r = await admin('POST', `/orders/${orderId}/refund`, { deferred: { reason: 'B2B', maturityDate } });
    expect(r.status, r.text).toBe(200);
    const t = (r.body as Obj).transaction as Obj;
    expect(t).toMatchObject({ transactionType: 'Refund', transactionStatus: 'DEFERRED', contexts: [{ contextType: 'DeferredContext', deferralReason: 'B2B', maturityDate }] });
    // Nothing refunded twice: the release is not a second refund of the units.
    clock += 60_000;
    const rel = await admin('POST', `/finances/${seller}/transactions/${t.transactionId}/release`, {});
    expect(rel.status, rel.text).toBe(200);
    expect((await admin('POST', `/orders/${orderId}/refund`, {})).body).toMatchObject({ error: 'NOTHING_TO_REFUND' });
    clock += 180_000;
    api = await financesApi(sb);
    const after = (await api.all({ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: orderId })).transactions.filter((x) => x.transactionType === 'Refund');
    const deferred = after.find((x) => x.transactionId === t.transactionId)!;
    const release = after.find((x) => x.transactionId !== t.transactionId)!;
    expect(deferred.transactionStatus).toBe('DEFERRED_RELEASED');
    expect(identifier(deferred, 'RELEASE_TRANSACTION_ID')).toBe(release.transactionId);
    expect(release).toMatchObject({ transactionStatus: 'RELEASED', totalAmount: t.totalAmount, contexts: [] });
    expect([identifier(release, 'REFUND_ID'), identifier(release, 'DEFERRED_TRANSACTION_ID')]).toEqual([identifier(t, 'REFUND_ID'), t.transactionId]);
    expect((await admin('POST', `/finances/${seller}/transactions/${t.transactionId}/release`, {})).body).toMatchObject({ error: 'NOT_DEFERRED' });
  });

  it('Finances v0 events of an order: refunds, chargebacks and A-to-z claims in their own lists, by OrderAdjustmentItemId', async () => {
    shipped(3, [3, 2], { fulfilledBy: 'MERCHANT' });
    const orderIds = [...new Set(sb.finances(seller).transactions.map((x) => identifier(x, 'ORDER_ID')!))];
    const v0 = strictDefinition('financesV0.json', 'ListFinancialEventsResponse');
    const lists = { refund: 'RefundEventList', chargeback: 'ChargebackEventList', guarantee_claim: 'GuaranteeClaimEventList' } as const;
    for (const [i, kind] of (['refund', 'chargeback', 'guarantee_claim'] as const).entries()) {
      const t = ((await admin('POST', `/orders/${orderIds[i]}/refund`, { kind })).body as Obj).transaction as Obj;
      expect(t.transactionType).toBe('Refund');
      const a = await call(sb.port, { path: `/finances/v0/orders/${orderIds[i]}/financialEvents`, host: EU_HOST, token: api.token });
      expect(a.status, a.text).toBe(200);
      expect(v0.validate(a.body), v0.explain()).toBe(true);
      const events = (a.body as Obj).payload.FinancialEvents as Obj;
      expect(events.ShipmentEventList).toHaveLength(1);
      const ids = (events[lists[kind]] as Obj[]).flatMap((e) => e.ShipmentItemAdjustmentList.map((x: Obj) => x.OrderAdjustmentItemId));
      expect(ids).toEqual(t.items.map((x: Obj) => x.relatedIdentifiers[0].itemRelatedIdentifierValue));
      for (const other of Object.values(lists).filter((l) => l !== lists[kind])) expect(events[other]).toEqual([]);
    }
  });
});
