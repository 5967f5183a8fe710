/**
 * Seller cancellations through the Feeds API with the real amazon-sp-api client: createFeedDocument, the upload to
 * the pre-signed URL, createFeed, getFeed until DONE, getFeedDocument and the download of the XML processing report;
 * whole and partial cancellations reach the stored orders, each bad message gets its Result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { ackXml, feedsCall, feedsModel, spClient, submitFeed, waitForFeed } from './helpers/feeds.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: AmazonSandbox;
let seller: string;
let market: string;

beforeAll(async () => {
  // timeScale 10: getFeed refills 20 a second (polling), a feed takes 3 s of Amazon time = 300 ms.
  sb = await startAmazonSandbox({ port: 0, seed: 31, seedOrders: 0, timeScale: 10, feedProcessingSeconds: 3 });
  seller = sb.sellers[0]!.sellerId;
  market = sb.sellers[0]!.marketplaceIds[0]!;
});
afterAll(() => sb.close());

/** An UNSHIPPED merchant order whose first item has `units` open units (and, with `twoItems`, a second item). */
function openOrder(units: number, twoItems = false): { orderId: string; items: string[] } {
  const [orderId] = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: market });
  const order = sb.getOrder(orderId!).order as Obj;
  const first = { ...order.orderItems[0], quantityOrdered: units, fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: units } };
  delete first.cancellation;
  const items = twoItems ? [first, { ...first, orderItemId: `${first.orderItemId}9`, quantityOrdered: 1,
    fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 1 } }] : [first];
  sb.updateOrder(orderId!, { orderItems: items });
  return { orderId: orderId!, items: items.map((i) => i.orderItemId as string) };
}

const item = (orderId: string, i = 0) => (sb.getOrder(orderId).order as Obj).orderItems[i] as Obj;
const status = (orderId: string) => (sb.getOrder(orderId).order as Obj).fulfillment.fulfillmentStatus as string;

describe('POST_ORDER_ACKNOWLEDGEMENT_DATA through the real client', () => {
  it('cancels whole orders and units of items, and reports each bad message', async () => {
    const sp = spClient(sb);
    const whole = openOrder(2, true);
    const partial = openOrder(3);
    const shipped = openOrder(1);
    sb.updateOrder(shipped.orderId, { fulfillmentStatus: 'SHIPPED' });
    const other = sb.generateOrders({ sellerId: sb.sellers[1]!.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' })[0]!;
    const tooMany = openOrder(1);
    const badReason = openOrder(1);
    const beforeUpdate = (sb.getOrder(partial.orderId).order as Obj).lastUpdatedTime as string;
    const xml = ackXml(seller, [
      { orderId: whole.orderId, items: whole.items.map((itemId) => ({ itemId, reason: 'NoInventory' })) },
      { orderId: partial.orderId, items: [{ itemId: partial.items[0]!, reason: 'BuyerCanceled', quantity: 2 }] },
      { orderId: '999-0000000-0000000', items: [{ itemId: '1', reason: 'NoInventory' }] },
      { orderId: other, items: [{ itemId: '1', reason: 'NoInventory' }] },
      { orderId: shipped.orderId, items: [{ itemId: shipped.items[0]!, reason: 'NoInventory' }] },
      { orderId: tooMany.orderId, items: [{ itemId: tooMany.items[0]!, reason: 'NoInventory', quantity: 5 }] },
      { orderId: badReason.orderId, items: [{ itemId: badReason.items[0]!, reason: 'OutOfStock' }] },
      { orderId: tooMany.orderId, items: [{ itemId: '00000000000000', reason: 'NoInventory' }] },
    ]);
    const doc = await feedsCall(sp, 'createFeedDocument', { body: { contentType: 'text/xml; charset=UTF-8' } });
    expect(doc.statusCode).toBe(201);
    expect(doc.headers['x-amzn-ratelimit-limit']).toBe('5');
    const d = JSON.parse(doc.body) as Obj;
    expect(feedsModel.createDocument.validate(d), feedsModel.createDocument.explain()).toBe(true);
    expect(d.url).toMatch(/^https:\/\/tortuga-prod-eu\.s3-eu-west-1\.amazonaws\.com\/NinetyDays\/amzn1\.tortuga\.4\.eu\..+X-Amz-Signature=/);
    expect(await sp.upload({ url: d.url }, { content: xml, contentType: 'text/xml; charset=UTF-8' })).toEqual({ success: true });
    const created = await feedsCall(sp, 'createFeed', { body: { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [market],
      inputFeedDocumentId: d.feedDocumentId } });
    expect(created.statusCode, created.body).toBe(202);
    expect(created.headers['x-amzn-ratelimit-limit']).toBe('0.083');
    const feedId = (JSON.parse(created.body) as Obj).feedId as string;
    expect(feedsModel.createFeed.validate(JSON.parse(created.body)), feedsModel.createFeed.explain()).toBe(true);

    const first = JSON.parse((await feedsCall(sp, 'getFeed', { path: { feedId } })).body) as Obj;
    expect(first.processingStatus).toBe('IN_QUEUE');
    expect(status(whole.orderId)).toBe('UNSHIPPED'); // nothing happens before processing ends
    const feed = await waitForFeed(sp, feedId);
    expect(feedsModel.feed.validate(feed), feedsModel.feed.explain()).toBe(true);
    expect(feed).toMatchObject({ feedId, feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', processingStatus: 'DONE', marketplaceIds: [market] });
    expect(Date.parse(feed.processingEndTime!) - Date.parse(feed.createdTime!)).toBe(300);

    const docAnswer = await feedsCall(sp, 'getFeedDocument', { path: { feedDocumentId: feed.resultFeedDocumentId } });
    const result = JSON.parse(docAnswer.body) as Obj;
    expect(feedsModel.document.validate(result), feedsModel.document.explain()).toBe(true);
    expect(result.compressionAlgorithm).toBeUndefined();
    const report = (await sp.download(result as never)) as unknown as string;
    expect(report).toContain('<MessageType>ProcessingReport</MessageType>');
    expect(report).toContain(`<DocumentTransactionID>${feedId}</DocumentTransactionID>`);
    expect(report).toMatch(/<MessagesProcessed>8<\/MessagesProcessed>\s*<MessagesSuccessful>2<\/MessagesSuccessful>\s*<MessagesWithError>6<\/MessagesWithError>/);
    const results = [...report.matchAll(/<Result>\s*<MessageID>(\d+)<\/MessageID>\s*<ResultCode>Error<\/ResultCode>\s*<ResultMessageCode>(\d+)<\/ResultMessageCode>/g)]
      .map((m) => [m[1], m[2]]);
    expect(results).toEqual([['3', '18028'], ['4', '18028'], ['5', '18030'], ['6', '18033'], ['7', '18034'], ['8', '18032']]);
    expect(report).toContain(`<AmazonOrderID>${other}</AmazonOrderID>`);

    // Whole order: CANCELLED, by the merchant, for the reason given, on every item.
    expect(status(whole.orderId)).toBe('CANCELLED');
    for (const i of [0, 1]) {
      expect(item(whole.orderId, i).cancellation.cancellationExecution).toEqual({ cancelledBy: 'MERCHANT', cancelReason: 'NoInventory' });
      expect(item(whole.orderId, i).fulfillment.quantityUnfulfilled).toBe(0);
    }
    // Partial: 2 of 3 units cancelled, the order stays open with 1 unit to ship.
    expect(status(partial.orderId)).toBe('UNSHIPPED');
    expect(item(partial.orderId)).toMatchObject({ quantityOrdered: 3, fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 1 },
      cancellation: { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'BuyerCanceled' } } });
    expect(Date.parse((sb.getOrder(partial.orderId).order as Obj).lastUpdatedTime)).toBeGreaterThan(Date.parse(beforeUpdate) - 1);
    // Refused messages changed nothing.
    expect(status(tooMany.orderId)).toBe('UNSHIPPED');
    expect(status(badReason.orderId)).toBe('UNSHIPPED');
    expect(status(other)).toBe('UNSHIPPED');

    // The rest of the partial order, then once more: already cancelled.
    const again = await submitFeed(sp, 'POST_ORDER_ACKNOWLEDGEMENT_DATA', [market],
      ackXml(seller, [{ orderId: partial.orderId, items: [{ itemId: partial.items[0]!, reason: 'NoInventory', quantity: 1 }] },
        { orderId: partial.orderId, items: [{ itemId: partial.items[0]!, reason: 'NoInventory' }] }]), 'text/xml; charset=UTF-8');
    expect((await waitForFeed(sp, again)).processingStatus).toBe('DONE');
    expect(status(partial.orderId)).toBe('CANCELLED');
    const view = sb.feed(again) as Obj;
    expect(view.messages.map((m: Obj) => [m.result, m.code])).toEqual([['accepted', undefined], ['error', '18031']]);

    // Admin read-back: parsed messages and results, newest first.
    const listed = sb.feeds(seller).feeds as Obj[];
    expect(listed.map((f) => f.feedId)).toEqual([again, feedId]);
    expect(listed[1]!.messages[1]).toMatchObject({ messageId: '2', result: 'accepted',
      message: { MessageID: '2', OrderAcknowledgement: { AmazonOrderID: partial.orderId, StatusCode: 'Failure' } } });
    const calls = sb.calls().operations.filter((o) => o.sellerId === seller);
    expect(Object.fromEntries(calls.filter((o) => ['createFeedDocument', 'createFeed', 'getFeedDocument'].includes(o.operation))
      .map((o) => [o.operation, o.calls]))).toEqual({ createFeedDocument: 2, createFeed: 2, getFeedDocument: 1 });
  });

  it('ends FATAL with a report for a document that is not XML', async () => {
    const sp = spClient(sb);
    const feedId = await submitFeed(sp, 'POST_ORDER_ACKNOWLEDGEMENT_DATA', [market], '<AmazonEnvelope><Message>', 'text/xml');
    const feed = await waitForFeed(sp, feedId);
    expect(feed.processingStatus).toBe('FATAL');
    const doc = JSON.parse((await feedsCall(sp, 'getFeedDocument', { path: { feedDocumentId: feed.resultFeedDocumentId } })).body) as Obj;
    const report = (await sp.download(doc as never)) as unknown as string;
    expect(report).toMatch(/<ResultMessageCode>5001<\/ResultMessageCode>\s*<ResultDescription>Fatal error, the feed could not be processed: element &lt;Message&gt; not closed/);
    expect(report).toMatch(/<MessagesProcessed>0<\/MessagesProcessed>\s*<MessagesSuccessful>0<\/MessagesSuccessful>\s*<MessagesWithError>1</);
    expect((sb.feed(feedId) as Obj).fatalReason).toMatch(/not closed at line 1/);
  });
});
