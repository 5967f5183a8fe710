/**
 * Review requests and buyer messages in the demo (issue 15): the review-requests and buyer-messages flows switched
 * on for backend 1 through the API as a seller would (`goLive.review-requests.enabled`, `goLive.buyer-messages.enabled`).
 * A few merchant orders shipped on Amazon about ten days ago (delivered a week ago by their delivery window) are
 * added to the Amazon sandbox and touched (lastUpdatedTime now) so the orders sweep stores them; the first
 * review-requests sweep (within ten minutes) asks Amazon about each and sends the request it offers, once.
 */
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { AMAZON_URL, connectorApi, log } from './demo-context.ts';

const SELLER = DEFAULT_SELLERS[0]!;
const DAY = 86_400_000;

/** Switches both flows on for backend 1 (a sweep every hour in the demo); prints what to curl. */
export async function switchReviewRequestsOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: {
    goLive: { 'review-requests': { enabled: true }, 'buyer-messages': { enabled: true } }, reviewRequests: { delayDays: 5, sweepHours: 1 } } });
  if (!res.ok) {
    log(`review-requests not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  const ids = await shippedLastWeek(6).catch((e: unknown) => {
    log(`review-requests: no week-old orders added: ${(e as Error).message}`);
    return [];
  });
  log(`review-requests: switched on (goLive.review-requests.enabled, hourly sweep): ${ids.length} orders delivered a week ago get Amazon's "request a review" once`);
  log(`  review requests:        curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/review-requests | jq .counts`);
  if (ids[0]) {
    log(`  what Amazon received:   curl -s ${AMAZON_URL}/_sandbox/orders/${ids[0]}/care | jq .requests`);
    log(`  buyer messages allowed: curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/orders/${ids[0]}/messages/allowed | jq '.types[].type'`);
  }
  log('buyer-messages: switched on: "Message the buyer" in the panel\'s order drawer (Orders screen)');
  return true;
}

/** Merchant orders shipped 8 to 10 days ago, touched now so the connector's next orders sweep reads them. */
async function shippedLastWeek(count: number): Promise<string[]> {
  const now = Date.now();
  const res = await fetch(`${AMAZON_URL}/_sandbox/orders/generate`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sellerId: SELLER.sellerId, count, marketplaceId: SELLER.marketplaceIds[0], fulfilledBy: 'MERCHANT', status: 'SHIPPED',
      createdFrom: new Date(now - 10 * DAY).toISOString(), createdTo: new Date(now - 8 * DAY).toISOString() }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const { orderIds } = (await res.json()) as { orderIds: string[] };
  for (const id of orderIds) {
    await fetch(`${AMAZON_URL}/_sandbox/orders/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' });
  }
  return orderIds;
}
