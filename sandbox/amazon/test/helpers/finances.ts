/** Finances 2024-06-19 test helpers: listTransactions over plain HTTP, strict validators, the sums a transaction must keep. */
import type { AmazonSandbox } from '../../src/index.ts';
import { EU_HOST } from './feed-http.ts';
import { accessToken, call, type Answer } from './http-client.ts';
import { strictDefinition } from './model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// Context is an allOf of these: each may not refuse the others' fields.
const COMPOSED = ['AmazonPayContext', 'ProductContext', 'PaymentsContext', 'DeferredContext', 'BusinessContext', 'TimeRangeContext'];
export const financesModel = {
  list: strictDefinition('finances_2024-06-19.json', 'ListTransactionsResponse', COMPOSED),
  errors: strictDefinition('finances_2024-06-19.json', 'ErrorList', COMPOSED),
};

/** A seller's listTransactions; `get(query)` answers the raw answer. */
export async function financesApi(sb: AmazonSandbox, sellerIndex = 0) {
  const token = await accessToken(sb.port, sb.sellers[sellerIndex]!);
  const host = sb.sellers[sellerIndex]!.region === 'eu' ? EU_HOST : 'sellingpartnerapi-na.amazon.com';
  const get = (query: Record<string, string>): Promise<Answer> =>
    call(sb.port, { path: `/finances/2024-06-19/transactions?${new URLSearchParams(query)}`, host, token });
  /** Every page of a query, each checked against the model. */
  const all = async (query: Record<string, string>): Promise<{ pages: Obj[][]; transactions: Obj[] }> => {
    const pages: Obj[][] = [];
    let next: string | undefined;
    do {
      const a = await get({ ...query, ...(next ? { nextToken: next } : {}) });
      if (a.status !== 200 || !financesModel.list.validate(a.body)) throw new Error(`listTransactions ${a.status}: ${a.text.slice(0, 500)} ${financesModel.list.explain()}`);
      const payload = (a.body as Obj).payload as Obj;
      pages.push(payload.transactions as Obj[]);
      next = payload.nextToken as string | undefined;
    } while (next);
    return { pages, transactions: pages.flat() };
  };
  return { get, all, token };
}

const minor = (m: Obj) => Math.round(m.currencyAmount * 100);

/** Each breakdown is the sum of its children, each item's total the sum of its breakdowns, the total the sum of the items. */
export function checkSums(t: Obj): void {
  const tree = (bs: Obj[]): number => bs.reduce((s, b) => {
    if (b.breakdowns.length > 0 && tree(b.breakdowns) !== minor(b.breakdownAmount)) throw new Error(`${b.breakdownType} != its parts in ${t.transactionId}`);
    return s + minor(b.breakdownAmount);
  }, 0);
  let items = 0;
  for (const i of t.items as Obj[]) {
    if (tree(i.breakdowns) !== minor(i.totalAmount)) throw new Error(`item total != breakdowns in ${t.transactionId}`);
    items += minor(i.totalAmount);
  }
  if (items !== minor(t.totalAmount) || tree(t.breakdowns) !== minor(t.totalAmount)) throw new Error(`total != items in ${t.transactionId}`);
}

/** The sum of the buyer-facing parts (charges, promotion, tax) of a transaction, minor units. */
export function buyerMinor(t: Obj): number {
  return (t.breakdowns as Obj[]).filter((b) => b.breakdownType !== 'TaxWithheld').reduce((s, b) => s + minor(b.breakdownAmount), 0);
}

export const identifier = (t: Obj, name: string): string | undefined =>
  (t.relatedIdentifiers as Obj[]).find((r) => r.relatedIdentifierName === name)?.relatedIdentifierValue;

/** Subscribes the seller (the demo application) to `type` on the default queue. */
export async function subscribe(sb: AmazonSandbox, type: string, payloadVersion: string): Promise<number> {
  const app = sb.sellers[0]!;
  const lwa = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json: {
    grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: app.clientId, client_secret: app.clientSecret } });
  const d = await call(sb.port, { method: 'POST', path: '/notifications/v1/destinations', host: EU_HOST, token: (lwa.body as Obj).access_token,
    json: { name: 'aec', resourceSpecification: { sqs: { arn: sb.sqs.queueArn() } } } });
  const r = await call(sb.port, { method: 'POST', path: `/notifications/v1/subscriptions/${type}`, host: EU_HOST, token: await accessToken(sb.port, app),
    json: { payloadVersion, destinationId: (d.body as Obj).payload.destinationId } });
  return r.status;
}
