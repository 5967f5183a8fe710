/**
 * Solicitations v1 and Messaging v1 on a pinned clock over real HTTP: the review action offered only 5 to 30 days
 * after delivery (the order's delivery window), once per order, never for a refunded order; the message types per
 * order state; bodies checked per the model; the usage plan's 429; what was sent read back from the admin API.
 * Answers are checked strictly against the models (no unknown property).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { strictDefinition } from './helpers/model-validator.ts';

const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const actions = strictDefinition('solicitations.json', 'GetSolicitationActionsForOrderResponse');
const solicitationErrors = strictDefinition('solicitations.json', 'CreateProductReviewAndSellerFeedbackSolicitationResponse');
const messaging = strictDefinition('messaging.json', 'GetMessagingActionsForOrderResponse');
const messageErrors = strictDefinition('messaging.json', 'CreateConfirmDeliveryDetailsResponse');
const attributes = strictDefinition('messaging.json', 'GetAttributesResponse');
let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let token: string;
let seller: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 15, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(async () => sb.close());
beforeEach(async () => {
  sb.reset();
  clock += 3_600_000;
  token = await accessToken(sb.port, sb.sellers[0]!);
});

const iso = (ms: number) => new Date(ms).toISOString();
/** A merchant order created `daysAgo` (delivered from two days after: its deliverByWindow). */
const order = (daysAgo: number, status = 'SHIPPED') => sb.generateOrders({ sellerId: seller, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT',
  status: status as 'SHIPPED', createdFrom: iso(clock - daysAgo * DAY - 60_000), createdTo: iso(clock - daysAgo * DAY) })[0]!;
const get = (path: string) => call(sb.port, { path: `${path}?marketplaceIds=${DE}`, host: EU_HOST, token });
const post = (path: string, json?: unknown) => call(sb.port, { method: 'POST', path: `${path}?marketplaceIds=${DE}`, host: EU_HOST, token, ...(json === undefined ? {} : { json }) });
const review = (id: string) => post(`/solicitations/v1/orders/${id}/solicitations/productReviewAndSellerFeedback`);
const offered = async (id: string) => {
  const a = await get(`/solicitations/v1/orders/${id}`);
  expect(a.status, a.text).toBe(200);
  expect(actions.validate(a.body), actions.explain()).toBe(true);
  return (a.body as { _links: { actions: Array<{ name: string }> } })._links.actions.map((x) => x.name);
};

describe('Solicitations', () => {
  it('offers the review request 5 to 30 days after delivery, takes it once, then refuses it as Amazon does', async () => {
    const early = order(4);
    const due = order(9);
    const late = order(40);
    expect(await offered(early)).toEqual([]);
    expect(await offered(late)).toEqual([]);
    expect(await offered(due)).toEqual(['productReviewAndSellerFeedback']);
    const sent = await review(due);
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body).toEqual({});
    const again = await review(due);
    expect(again.status).toBe(403);
    expect(solicitationErrors.validate(again.body), solicitationErrors.explain()).toBe(true);
    expect((again.body as { errors: unknown[] }).errors[0]).toEqual({ code: 'Unauthorized', message: 'The requested solicitation is not available for this amazonOrderId.', details: '' });
    expect(await offered(due)).toEqual([]);
    const tooEarly = await review(early);
    expect(tooEarly.status).toBe(403);
    expect((tooEarly.body as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/outside the 5-30 day range/);
    // Read back: one accepted, one refused, per order.
    const care = await call(sb.port, { path: `/_sandbox/orders/${due}/care` });
    expect((care.body as { requests: Array<{ outcome: string }> }).requests.map((r) => r.outcome)).toEqual(['accepted', 'refused']);
  });

  it('offers nothing for a refunded order, an unshipped one, or an order of another marketplace', async () => {
    const refunded = order(9);
    sb.refundOrder(refunded);
    expect(await offered(refunded)).toEqual([]);
    expect(await offered(order(9, 'UNSHIPPED'))).toEqual([]);
    const other = await call(sb.port, { path: `/solicitations/v1/orders/${order(9)}?marketplaceIds=A13V1IB3VIYZZH`, host: EU_HOST, token });
    expect(other.status).toBe(404);
    const none = await call(sb.port, { path: `/solicitations/v1/orders/${order(9)}`, host: EU_HOST, token });
    expect(none.status).toBe(400);
  });

  it('keeps the usage plan: 1 request a second, burst 5', async () => {
    const id = order(9);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(`/solicitations/v1/orders/${id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(sb.calls().operations.find((o) => o.operation === 'getSolicitationActionsForOrder')).toMatchObject({ calls: 6, throttled: 1 });
  });
});

describe('Messaging', () => {
  const types = async (id: string) => {
    const a = await get(`/messaging/v1/orders/${id}`);
    expect(a.status, a.text).toBe(200);
    expect(messaging.validate(a.body), messaging.explain()).toBe(true);
    return (a.body as { _links: { actions: Array<{ name: string }> } })._links.actions.map((x) => x.name);
  };

  it('allows the types of the order\'s state, the buyer\'s locale, and refuses the others', async () => {
    const open = order(1, 'UNSHIPPED');
    const shipped = order(9);
    expect(await types(open)).toEqual(['confirmCustomizationDetails', 'confirmDeliveryDetails', 'confirmOrderDetails', 'legalDisclosure', 'unexpectedProblem']);
    expect(await types(shipped)).toEqual(['confirmDeliveryDetails', 'digitalAccessKey', 'legalDisclosure', 'unexpectedProblem', 'warranty']);
    expect(await types(order(1, 'CANCELLED'))).toEqual([]);
    const attrs = await get(`/messaging/v1/orders/${open}/attributes`);
    expect(attributes.validate(attrs.body), attributes.explain()).toBe(true);
    expect(attrs.body).toEqual({ buyer: { locale: 'de-DE' } });
    const ok = await post(`/messaging/v1/orders/${open}/messages/confirmDeliveryDetails`, { text: 'Lieferung morgen.' });
    expect(ok.status, ok.text).toBe(201);
    const notNow = await post(`/messaging/v1/orders/${shipped}/messages/confirmOrderDetails`, { text: 'Bitte bestätigen.' });
    expect(notNow.status).toBe(403);
    expect(messageErrors.validate(notNow.body), messageErrors.explain()).toBe(true);
    const care = await call(sb.port, { path: `/_sandbox/orders/${open}/care` });
    expect((care.body as { requests: unknown[] }).requests).toEqual([expect.objectContaining({ action: 'confirmDeliveryDetails', outcome: 'accepted', body: { text: 'Lieferung morgen.' } })]);
  });

  it('checks each body against the model: unknown property, length, HTML, dates', async () => {
    const open = order(1, 'UNSHIPPED');
    const shipped = order(9);
    const cases: Array<[string, string, unknown]> = [
      [open, 'confirmDeliveryDetails', { text: 'x', subject: 'unknown' }],
      [open, 'confirmDeliveryDetails', { text: 'x'.repeat(2001) }],
      [open, 'confirmDeliveryDetails', {}],
      [open, 'unexpectedProblem', { text: '<b>late</b>' }],
      [open, 'unexpectedProblem', { text: 'write to me@example.com' }],
      [shipped, 'warranty', { coverageStartDate: 'tomorrow' }],
      [shipped, 'warranty', { attachments: [] }],
    ];
    for (const [id, type, body] of cases) {
      const a = await post(`/messaging/v1/orders/${id}/messages/${type}`, body);
      expect(a.status, `${type} ${JSON.stringify(body)}`).toBe(400);
      expect((a.body as { errors: Array<{ code: string }> }).errors[0]!.code).toBe('InvalidInput');
    }
    const warranty = await post(`/messaging/v1/orders/${shipped}/messages/warranty`, { coverageStartDate: iso(clock), coverageEndDate: iso(clock + 730 * DAY) });
    expect(warranty.status, warranty.text).toBe(201);
  });
});
