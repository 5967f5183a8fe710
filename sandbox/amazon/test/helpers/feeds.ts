/** Feeds test helpers: the real client, an order acknowledgement document, polling a feed until it ends. */
import { SellingPartner } from 'amazon-sp-api';
import type { AmazonSandbox } from '../../src/index.ts';
import { LoopbackAgent } from './loopback-agent.ts';
import { strictDefinition } from './model-validator.ts';

export interface Raw { statusCode: number; headers: Record<string, string>; body: string }

/** Strict validators of the Feeds model's answers. */
export const feedsModel = {
  createDocument: strictDefinition('feeds_2021-06-30.json', 'CreateFeedDocumentResponse'),
  createFeed: strictDefinition('feeds_2021-06-30.json', 'CreateFeedResponse'),
  feed: strictDefinition('feeds_2021-06-30.json', 'Feed'),
  feeds: strictDefinition('feeds_2021-06-30.json', 'GetFeedsResponse'),
  document: strictDefinition('feeds_2021-06-30.json', 'FeedDocument'),
  errors: strictDefinition('feeds_2021-06-30.json', 'ErrorList'),
};

/** The real amazon-sp-api client of a sandbox seller, through a loopback agent, with its own retries off. */
export function spClient(sb: AmazonSandbox, sellerIndex = 0): SellingPartner {
  const s = sb.sellers[sellerIndex]!;
  return new SellingPartner({
    region: s.region,
    refresh_token: s.refreshToken,
    credentials: { SELLING_PARTNER_APP_CLIENT_ID: s.clientId, SELLING_PARTNER_APP_CLIENT_SECRET: s.clientSecret },
    options: { https_proxy_agent: new LoopbackAgent(sb.port), auto_request_throttled: false, retry_remote_timeout: false,
      timeouts: { response: 5000, idle: 5000, deadline: 10_000 } },
  } as never);
}

/** One Feeds API call, raw (status, headers, body). */
export function feedsCall(sp: SellingPartner, operation: string, params: Record<string, unknown> = {}): Promise<Raw> {
  return sp.callAPI({ operation, endpoint: 'feeds', ...params, options: { version: '2021-06-30', raw_result: true } } as never) as Promise<Raw>;
}

export interface AckItemSpec { itemId: string; reason?: string; quantity?: number }

/** A POST_ORDER_ACKNOWLEDGEMENT_DATA document (contract 1): one Message per order, StatusCode Failure. */
export function ackXml(sellerId: string, messages: { orderId: string; items: AckItemSpec[] }[]): string {
  const body = messages.map((m, i) => [
    '  <Message>', `    <MessageID>${i + 1}</MessageID>`, '    <OrderAcknowledgement>', `      <AmazonOrderID>${m.orderId}</AmazonOrderID>`,
    '      <StatusCode>Failure</StatusCode>',
    ...m.items.map((it) => ['      <Item>', `        <AmazonOrderItemCode>${it.itemId}</AmazonOrderItemCode>`,
      ...(it.reason !== undefined ? [`        <CancelReason>${it.reason}</CancelReason>`] : []),
      ...(it.quantity !== undefined ? [`        <Quantity>${it.quantity}</Quantity>`] : []), '      </Item>'].join('\n')),
    '    </OrderAcknowledgement>', '  </Message>'].join('\n')).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${sellerId}</MerchantIdentifier></Header>
  <MessageType>OrderAcknowledgement</MessageType>
${body}
</AmazonEnvelope>
`;
}

/** Polls getFeed until the feed has ended (DONE, FATAL, CANCELLED); returns the Feed. */
export async function waitForFeed(sp: SellingPartner, feedId: string, timeoutMs = 5000): Promise<Record<string, string>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await feedsCall(sp, 'getFeed', { path: { feedId } });
    if (r.statusCode !== 200) throw new Error(`getFeed ${r.statusCode}: ${r.body}`);
    const feed = JSON.parse(r.body) as Record<string, string>;
    if (['DONE', 'FATAL', 'CANCELLED'].includes(feed.processingStatus!)) return feed;
    if (Date.now() > until) throw new Error(`feed ${feedId} still ${feed.processingStatus}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** createFeedDocument + upload + createFeed with the real client; returns the feed id. */
export async function submitFeed(sp: SellingPartner, feedType: string, marketplaceIds: string[], content: string | Buffer,
  contentType: string, feedOptions?: Record<string, string>): Promise<string> {
  const doc = await feedsCall(sp, 'createFeedDocument', { body: { contentType } });
  if (doc.statusCode !== 201) throw new Error(`createFeedDocument ${doc.statusCode}: ${doc.body}`);
  const d = JSON.parse(doc.body) as { feedDocumentId: string; url: string };
  await sp.upload({ url: d.url }, { content: content as string, contentType });
  const created = await feedsCall(sp, 'createFeed', { body: { feedType, marketplaceIds, inputFeedDocumentId: d.feedDocumentId,
    ...(feedOptions ? { feedOptions } : {}) } });
  if (created.statusCode !== 202) throw new Error(`createFeed ${created.statusCode}: ${created.body}`);
  return (JSON.parse(created.body) as { feedId: string }).feedId;
}
