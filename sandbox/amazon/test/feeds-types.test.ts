/**
 * The other processed feed types: UPLOAD_VAT_INVOICE (PDF + metadata, kept per order), JSON_LISTINGS_FEED (messages
 * checked against Amazon's schema, report valid against the processing report schema, SKU quantities), and the
 * flat-file order acknowledgement with its text report.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { feedsApi } from './helpers/feed-http.ts';
import { referencePath } from './helpers/reference.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let clock = Date.parse('2026-07-01T08:00:00Z');
let sb: AmazonSandbox;
let api: Awaited<ReturnType<typeof feedsApi>>;
let seller: string;
const DE = 'A1PA6795UKMFR9';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 8, seedOrders: 0, now: () => clock, feedProcessingSeconds: 60 });
  seller = sb.sellers[0]!.sellerId;
  api = await feedsApi(sb, 0);
});
afterAll(() => sb.close());

/** Submits, lets 60 s pass, returns the feed's admin view and its report text. */
async function run(feedType: string, content: Buffer | string, contentType: string, feedOptions?: Record<string, string>,
  marketplaceIds = [DE]): Promise<{ feed: Obj; report: string }> {
  const a = await api.submit(feedType, marketplaceIds, content, contentType, feedOptions);
  expect(a.status, a.text).toBe(202);
  const feedId = (a.body as Obj).feedId as string;
  clock += 60_000;
  return { feed: sb.feed(feedId), report: await api.report(feedId) };
}

const order = (status: 'SHIPPED' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED') =>
  sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'MERCHANT', status, marketplaceId: DE })[0]!;
const meta = (orderId: string, over: Record<string, string> = {}) => ({ 'metadata:orderid': orderId, 'metadata:invoicenumber': 'INV-2026-0001',
  'metadata:documenttype': 'Invoice', 'metadata:totalamount': '119.00', 'metadata:totalvatamount': '19.00', ...over });
const codeOf = (report: string) => /<ResultMessageCode>(\d+)<\/ResultMessageCode>/.exec(report)?.[1];

describe('UPLOAD_VAT_INVOICE', () => {
  it('keeps an accepted invoice per order and reports bad metadata, non-PDF documents and duplicate numbers', async () => {
    const shipped = order('SHIPPED');
    const ok = await run('UPLOAD_VAT_INVOICE', PDF, 'application/pdf', meta(shipped));
    expect(ok.feed.processingStatus).toBe('DONE');
    expect(ok.report).toMatch(/<MessagesProcessed>1<\/MessagesProcessed>\s*<MessagesSuccessful>1<\/MessagesSuccessful>/);
    expect(ok.report).not.toContain('<Result>');
    const kept = sb.invoices(shipped).invoices as Obj[];
    expect(kept).toEqual([expect.objectContaining({ invoiceNumber: 'INV-2026-0001', documentType: 'Invoice', totalAmount: '119.00',
      totalVatAmount: '19.00', marketplaceId: DE, pdfBytes: PDF.length, pdfBase64: PDF.toString('base64') })]);

    const cases: [Record<string, string> | undefined, Buffer | string, string, string[]?][] = [
      [meta(shipped), PDF, '79561'], // same number, same order
      [meta(shipped, { 'metadata:invoicenumber': '' }), PDF, '79513'],
      [meta(shipped, { 'metadata:documenttype': 'Receipt', 'metadata:invoicenumber': 'X2' }), PDF, '79531'],
      [meta(shipped, { 'metadata:invoicenumber': 'X3' }), 'not a pdf', '79503'],
      [meta(order('UNSHIPPED'), { 'metadata:invoicenumber': 'X4' }), PDF, '79517'],
      [meta('999-1234567-1234567', { 'metadata:invoicenumber': 'X5' }), PDF, '79517'],
      [meta(shipped, { 'metadata:invoicenumber': 'X6', 'metadata:totalamount': '119,00' }), PDF, '79560'],
      [meta(shipped, { 'metadata:invoicenumber': 'X7' }), PDF, '79523', [DE, 'A13V1IB3VIYZZH']],
    ];
    for (const [options, doc, code, markets] of cases) {
      const r = await run('UPLOAD_VAT_INVOICE', doc, 'application/pdf', options, markets);
      expect([codeOf(r.report), r.feed.messages[0].result]).toEqual([code, 'error']);
    }
    const credit = await run('UPLOAD_VAT_INVOICE', PDF, 'application/pdf', meta(shipped, { 'metadata:invoicenumber': 'CN-1', 'metadata:documenttype': 'CreditNote',
      'metadata:totalamount': '-119.00', 'metadata:totalvatamount': '-19.00' }));
    expect(credit.feed.messages[0].result).toBe('accepted');
    expect((sb.invoices(shipped).invoices as Obj[]).map((i) => i.invoiceNumber)).toEqual(['INV-2026-0001', 'CN-1']);
  });
});

describe('JSON_LISTINGS_FEED', () => {
  it('applies valid messages, reports invalid ones in the schema of the processing report', async () => {
    const feed = {
      header: { sellerId: seller, version: '2.0', issueLocale: 'en_US' },
      messages: [
        { messageId: 1, sku: 'MUG-CER-BLUE', operationType: 'PATCH', productType: 'PRODUCT',
          patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }] },
        { messageId: 2, sku: 'TEA-GREEN-100', operationType: 'PARTIAL_UPDATE', productType: 'PRODUCT',
          attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }] } },
        { messageId: 3, sku: 'BROKEN', operationType: 'PATCH', productType: 'PRODUCT' }, // PATCH without patches
        { messageId: 4, operationType: 'DELETE' }, // no sku
      ],
    };
    const r = await run('JSON_LISTINGS_FEED', JSON.stringify(feed), 'application/json');
    expect(r.feed.processingStatus).toBe('DONE');
    const report = JSON.parse(r.report) as Obj;
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    const schema = JSON.parse(readFileSync(referencePath('sp-api-models', 'schemas', 'feeds', 'listings-feed-processing-report-schema-v2.json'), 'utf8'));
    const valid = ajv.validate(schema, report);
    expect(valid, ajv.errorsText()).toBe(true);
    expect(report.header).toEqual({ sellerId: seller, version: '2.0', feedId: r.feed.feedId });
    expect(report.summary).toEqual({ errors: 2, warnings: 0, messagesProcessed: 4, messagesAccepted: 2, messagesInvalid: 2 });
    expect(report.issues.map((i: Obj) => [i.messageId, i.severity])).toEqual([[3, 'ERROR'], [4, 'ERROR']]);
    // The seller's listings all have a seeded quantity; the feed changed these two.
    const shown = sb.listingQuantities(seller);
    expect(shown.quantities).toMatchObject({ 'MUG-CER-BLUE': 7, 'TEA-GREEN-100': 0 });
    expect(shown.listings.filter((l) => l.changedBy === 'feed').map((l) => [l.sku, l.quantity])).toEqual([['MUG-CER-BLUE', 7], ['TEA-GREEN-100', 0]]);

    const notJson = await run('JSON_LISTINGS_FEED', '{"header":', 'application/json');
    expect(notJson.feed.processingStatus).toBe('FATAL');
    expect(ajv.validate(schema, JSON.parse(notJson.report)), ajv.errorsText()).toBe(true);
  });
});

describe('JSON_LISTINGS_FEED: messages Amazon refuses beyond the schema', () => {
  it('reports bad SKUs and bad quantities per message, applies the good ones (PATCH, PARTIAL_UPDATE, UPDATE)', async () => {
    const qty = (quantity: unknown) => [{ fulfillment_channel_code: 'DEFAULT', quantity }];
    const patch = (messageId: number, sku: string, quantity: unknown) => ({ messageId, sku, operationType: 'PATCH', productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: qty(quantity) }] });
    const feed = { header: { sellerId: seller, version: '2.0' }, messages: [
      patch(1, 'KETTLE-STEEL-17', 11),
      patch(2, 'X'.repeat(41), 1), // longer than Amazon's 40 characters
      patch(3, ' SPACED', 1),
      patch(4, 'GRINDER-BURR', -2),
      { messageId: 5, sku: 'THERMOS-500', operationType: 'PARTIAL_UPDATE', productType: 'PRODUCT', attributes: { fulfillment_availability: qty(1.5) } },
      { messageId: 6, sku: 'THERMOS-500', operationType: 'PARTIAL_UPDATE', productType: 'PRODUCT', attributes: { fulfillment_availability: qty(6) } },
      { messageId: 7, sku: 'APRON-CANVAS', operationType: 'UPDATE', productType: 'APRON', attributes: { item_name: [{ value: 'Apron' }] } },
      { messageId: 8, sku: 'TRAY-BAMBOO', operationType: 'PATCH', productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillmentAvailability', value: qty(1) }] },
    ] };
    const before = sb.listingQuantities(seller).quantities;
    const r = await run('JSON_LISTINGS_FEED', JSON.stringify(feed), 'application/json');
    const report = JSON.parse(r.report) as Obj;
    expect(report.issues.map((i: Obj) => [i.messageId, i.code, i.severity])).toEqual([[2, '4000001', 'ERROR'], [3, '4000001', 'ERROR'],
      [4, '4000001', 'ERROR'], [5, '4000001', 'ERROR'], [8, '90000900', 'ERROR']]);
    expect(report.summary).toEqual({ errors: 5, warnings: 0, messagesProcessed: 8, messagesAccepted: 3, messagesInvalid: 5 });
    const after = sb.listingQuantities(seller);
    expect([after.quantities['KETTLE-STEEL-17'], after.quantities['THERMOS-500'], after.quantities['GRINDER-BURR'], after.quantities['TRAY-BAMBOO']])
      .toEqual([11, 6, before['GRINDER-BURR'], before['TRAY-BAMBOO']]);
    // UPDATE replaces every attribute: without fulfillment_availability the merchant offer has no quantity any more.
    expect(after.listings.find((l) => l.sku === 'APRON-CANVAS')).toMatchObject({ quantity: null, changedBy: 'feed' });
    expect(after.quantities['X'.repeat(41)]).toBeUndefined();
  });
});

describe('POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA', () => {
  it('cancels the rows\' items and reports the bad rows in a text report', async () => {
    const a = order('UNSHIPPED');
    const b = order('UNSHIPPED');
    const part = order('PARTIALLY_SHIPPED');
    const itemOf = (id: string) => (sb.getOrder(id).order as Obj).orderItems[0].orderItemId as string;
    const tsv = ['order-id\tamazon-order-item-code\tcancellation-reason-code', `${a}\t${itemOf(a)}\tShippingAddressUndeliverable`,
      `${b}\t\tNoInventory`, `${b}\t${itemOf(b)}\tNoInventory`, `\t123\tNoInventory`, `${part}\t\tNoInventory`, ''].join('\n');
    const r = await run('POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA', tsv, 'text/tab-separated-values; charset=UTF-8');
    expect(r.feed.processingStatus).toBe('DONE');
    expect((sb.getOrder(a).order as Obj).fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect((sb.getOrder(a).order as Obj).orderItems.every((i: Obj) => i.cancellation.cancellationExecution.cancelReason === 'ShippingAddressUndeliverable')).toBe(true);
    expect((sb.getOrder(b).order as Obj).fulfillment.fulfillmentStatus).toBe('CANCELLED'); // row 3: the whole order
    // A partly shipped order: its open units are cancelled, what shipped stays shipped, so the order is SHIPPED.
    const p = sb.getOrder(part).order as Obj;
    expect(p.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(p.orderItems.every((i: Obj) => i.fulfillment.quantityUnfulfilled === 0)).toBe(true);
    expect(p.orderItems.some((i: Obj) => i.cancellation?.cancellationExecution?.cancelledBy === 'MERCHANT')).toBe(true);
    const lines = r.report.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Feed Processing Summary:', '\tNumber of records processed\t\t5', '\tNumber of records successful\t\t3']);
    expect(lines[4]).toBe('original-record-number\torder-id\tamazon-order-item-code\terror-code\terror-type\terror-message');
    expect(lines.slice(5, 7).map((l) => l.split('\t').slice(0, 5))).toEqual([['4', b, itemOf(b), '18031', 'Error'], ['5', '', '123', '5000', 'Error']]);
  });
});
