/**
 * The demo's odd orders (issue 9): once the connector is up, a handful of orders of the demo seller that Amazon
 * does send now and then are added to the Amazon sandbox over its admin API (`/_sandbox/orders`), each a copy of a
 * freshly generated merchant order with one thing wrong. The sweep picks them up about two minutes later (Amazon
 * hides an order's last two minutes); the demo then prints what became of each, and the curl lines to see it.
 * Over HTTP only, as a person would do it: scripts do not reach into the tests' helpers or the sandbox's memory.
 */
import { loadCatalogue } from '../sandbox/amazon/src/catalogue.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox orders, edited freely
const DE = 'A1PA6795UKMFR9';

/** One odd order: its id, what is wrong with it, and what the connector should make of it. */
export interface OddOrder {
  orderId: string;
  what: string;
  expect: string;
}

async function admin<T>(amazonUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${amazonUrl}/_sandbox/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Amazon sandbox /_sandbox/${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/** A merchant order the ERP can take as it is (SKUs the ERP has, priced, one line when there is one). */
async function template(amazonUrl: string, sellerId: string): Promise<Obj> {
  const catalogue = loadCatalogue();
  const known = new Set(catalogue.products.map((p) => p.sellerSku).filter((s) => !catalogue.notInErp.includes(s) && !(s in catalogue.aliases)));
  const { orderIds } = await admin<{ orderIds: string[] }>(amazonUrl, 'orders/generate',
    { sellerId, count: 8, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false });
  const orders = await Promise.all(orderIds.map(async (id) => (await admin<{ order: Obj }>(amazonUrl, `orders/${id}`)).order));
  const fits = orders.filter((o) => o.recipient && o.proceeds?.grandTotal && (o.orderItems as Obj[]).every((i) => known.has(i.product?.sellerSku) && i.proceeds));
  const chosen = fits.find((o) => o.orderItems.length === 1) ?? fits[0];
  if (!chosen) throw new Error('no generated merchant order to copy');
  return chosen;
}

/**
 * Adds the odd orders and returns them. Their ids are new on every run (the connector's database outlives the
 * sandbox's memory), and they are "updated now", so the next sweep whose window passes now sees them.
 */
export async function addOddOrders(amazonUrl: string, sellerId: string): Promise<OddOrder[]> {
  const base = await template(amazonUrl, sellerId);
  const stamp = String(Math.floor(Date.now() / 1000) % 10_000_000).padStart(7, '0');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const copy = (n: number, edit: (o: Obj) => void): Obj => {
    const o = structuredClone(base);
    o.orderId = `999-${stamp}-000000${n}`;
    o.lastUpdatedTime = now;
    (o.orderItems as Obj[]).forEach((item, i) => (item.orderItemId = `999${stamp}${n}${i}`));
    edit(o);
    return o;
  };
  const item = (o: Obj) => o.orderItems[0] as Obj;
  const eur = (o: Obj, amount: number) => ({ ...o.proceeds.grandTotal, amount: amount.toFixed(2) });
  const made: Array<[Obj, string, string]> = [
    [copy(1, (o) => (item(o).product.title = `${String(item(o).product.title)}\u0000 (a NUL)`)),
      'a NUL in the product title', 'imported, U+FFFD in its place; the ERP order\'s note says where'],
    [copy(2, (o) => (item(o).product.sellerSku = `${String(item(o).product.sellerSku)}\uD800`)),
      'a lone UTF-16 surrogate in the SKU', 'conflict INVALID_TEXT (a SKU cannot be guessed)'],
    [copy(3, (o) => (o.proceeds.grandTotal = eur(o, Number(o.proceeds.grandTotal.amount) + 1))),
      'a grand total 1.00 above its items', 'conflict AMAZON_TOTAL_INCONSISTENT, nothing in the ERP'],
    [copy(4, (o) => delete o.recipient), 'a merchant order without a delivery address', 'conflict DELIVERY_ADDRESS_MISSING'],
    [copy(5, (o) => {
      const message = `Alles Gute zum Geburtstag, liebe Tante Waltraud Oberhuber! ${'Viele Grüße. '.repeat(20_000)}`;
      item(o).fulfillment = { ...(item(o).fulfillment ?? {}), packing: { giftOption: { giftMessage: message, giftWrapLevel: 'Classic' } } };
    }), 'a 260,000-character gift message', 'imported, the message cut in the ERP note with a mark; kept only sealed'],
  ];
  // JSON.stringify writes the NUL and the lone surrogate as \u escapes, as Amazon does; the sandbox keeps the very characters.
  await admin(amazonUrl, 'orders', { sellerId, orders: made.map(([o]) => o) });
  return made.map(([o, what, expect]) => ({ orderId: o.orderId as string, what, expect }));
}

/** What became of each odd order, from the connector's API: its sync state, the ERP order or the conflict's code. */
export async function oddOrderOutcomes(odd: OddOrder[], adminToken: string): Promise<string[]> {
  return Promise.all(odd.map(async (o) => {
    const res = await fetch(`http://127.0.0.1:3000/api/backends/1/orders/${o.orderId}`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (!res.ok) return `${o.orderId} (${o.what}): HTTP ${res.status}`;
    const s = (await res.json()) as { state: string; reason: string | null; erp: { name: string } | null };
    return `${o.orderId} (${o.what}): ${s.state}${s.reason ? ` ${s.reason}` : ''}${s.erp ? `, ERP order ${s.erp.name}` : ''}`;
  }));
}

/** The curl lines a person uses to see the odd orders and to watch the connector heal under faults. */
export function oddOrderHints(odd: OddOrder[]): string[] {
  const auth = '-H "Authorization: Bearer $(cat .data/admin-token)"';
  const cleaned = odd[0]!.orderId;
  return [
    `  conflicts by code: curl -s ${auth} "http://127.0.0.1:3000/api/conflicts?backendId=1&status=open&limit=500" \\`,
    `             | jq '.items[] | select(.code=="INVALID_TEXT" or .code=="AMAZON_TOTAL_INCONSISTENT" or .code=="DELIVERY_ADDRESS_MISSING") | {id,amazonKey,code,message}'`,
    `  what a conflict offers: curl -s ${auth} http://127.0.0.1:3000/api/conflicts/<ID> | jq .actions`,
    `  the cleaned order's note: curl -s -H "Authorization: bearer $(cat .data/erp-api-key)" -H 'X-Odoo-Database: demo' -H 'content-type: application/json' \\`,
    `             -d '{"domain":[["client_order_ref","=","${cleaned}"]],"fields":["name","state","note"]}' http://127.0.0.1:8069/json/2/sale.order/search_read`,
    '  faults for 2 minutes (Amazon counts sandbox seconds: 1200 at its time scale 10; the ERP real ones):',
    `    curl -s -X POST -H 'content-type: application/json' -d '{"operation":"*","percent":20,"kinds":["429","500","503","timeout","drop"],"durationSeconds":1200,"holdMs":20000}' http://127.0.0.1:4010/_sandbox/faults`,
    `    curl -s -X POST -H 'content-type: application/json' -d '{"target":"*","percent":20,"kinds":["502","503","odoo_error","drop","slow","drop_after_commit"],"durationSeconds":120}' http://127.0.0.1:8069/_sandbox/faults`,
    '    (retries absorb these: every order imports once; GET /_sandbox/faults on each counts what fired)',
    `  an Amazon outage of a minute: curl -s -X POST -H 'content-type: application/json' -d '{"operation":"searchOrders","percent":100,"kinds":["503","drop"],"durationSeconds":600}' http://127.0.0.1:4010/_sandbox/faults`,
    '    and watch it heal: curl -s http://127.0.0.1:3000/health | jq .backends   (the degraded backend with its reason; [] once healed)',
  ];
}
