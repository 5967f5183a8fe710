/**
 * Text PostgreSQL refuses, in every string field of an order: a NUL and a lone UTF-16 surrogate, each put into one
 * field of its own copy of an order through the Amazon sandbox's admin API (which serves them as JSON escapes, as
 * Amazon would). One sweep over all of them: it goes through and the cursor advances, the untouched orders import,
 * each bad order either imports with the character replaced (free text a person reads) or is a conflict with its
 * reason (a field that identifies something), and what Amazon sent is stored exactly. Then gift messages: bounded
 * in the ERP with a truncation mark, kept only sealed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { escapeText } from '../connector/src/core/storable-text.ts';
import { orderDocuments } from '../connector/src/sync/orders/order-documents.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { copyOrder } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';
type Obj = Record<string, unknown>;

/** What a user expects to import with the character replaced: free text a person reads (the README's rule). */
const FREE_TEXT = [
  /^orderItems\[\d+\]\.product\.(title|condition\.conditionNote)$/,
  /^orderItems\[\d+\]\.fulfillment\.packing\.giftOption\.giftMessage$/,
  /^orderItems\[\d+\]\.cancellation\.\w+\.cancelReason$/,
  /^buyer\.(buyerName|buyerCompanyName|buyerPurchaseOrderNumber)$/,
  /^recipient\.deliveryPreference\.(dropOffLocation|addressInstruction)$/,
  /^salesChannel\.(channelName|marketplaceName)$/,
  /^tax\.taxRegistrations\[\d+\]\.legalName$/,
  /^(recipient\.deliveryAddress|packages\[\d+\]\.shipFromAddress)\.(name|companyName|addressLine[123]|city|districtOrCounty|stateOrRegion|municipality)$/,
];
/** Fields the sandbox searches by (like Amazon, an order whose marketplace is garbage is not in the seller's search). */
const SEARCHED_BY = new Set(['createdTime', 'lastUpdatedTime', 'salesChannel.marketplaceId', 'fulfillment.fulfilledBy']);
/** Order parts the connector does not ask for (includedData): never seen, so never a problem. */
const NOT_FETCHED = /^(payment|fulfillmentOrders|orderItems\[\d+\]\.expense)\b/;

function stringPaths(v: unknown, path = ''): string[] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, path ? `${path}.${k}` : k));
  return [];
}

const steps = (path: string) => path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
function at(o: unknown, path: string): unknown {
  return steps(path).reduce<unknown>((x, k) => (x as Record<string | number, unknown> | undefined)?.[k], o);
}
function setAt(o: Obj, path: string, value: string): void {
  const s = steps(path);
  const parent = s.slice(0, -1).reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], o) as Record<string | number, unknown>;
  parent[s[s.length - 1]!] = value;
}

const BAD = { nul: 'A\u0000B', surrogate: 'A\uD800B' } as const;

describe('orders with text PostgreSQL refuses', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'oddtext', settings: { orders: { batchSize: 200, pageSize: 100 } } });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const generate = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE });
  const raw = (id: string) => stack.amazon.getOrder(id).order as Obj & { orderItems: Obj[] };

  it('a NUL or a lone surrogate in any string field: the sweep goes on, the order imports cleaned or is a conflict with its reason', async () => {
    const good = generate(4);
    // A one-item order with every free-text field Amazon may send filled in.
    const base = good.map(raw).find((o) => o.orderItems.length === 1)!;
    const template = copyOrder(base, '000-0000000-0000000') as Obj & { orderItems: Array<Obj & { product: Obj; fulfillment?: Obj }>; buyer?: Obj; recipient?: Obj };
    const item = template.orderItems[0]!;
    item.product.condition = { conditionType: 'New', conditionNote: 'Brand new' };
    item.fulfillment = { ...(item.fulfillment ?? {}), packing: { giftOption: { giftMessage: 'Happy birthday, Jana!', giftWrapLevel: 'Classic' } } };
    template.buyer = { ...(template.buyer ?? {}), buyerPurchaseOrderNumber: 'PO-77' };
    template.recipient = { ...(template.recipient ?? {}), deliveryPreference: { addressInstruction: 'Back door' } };

    const paths = stringPaths(template).filter((p) => !SEARCHED_BY.has(p) && !NOT_FETCHED.test(p));
    expect(paths.length).toBeGreaterThan(25);
    const cases: Array<{ id: string; path: string; kind: keyof typeof BAD; value: string }> = [];
    let n = 0;
    for (const path of paths) {
      for (const kind of Object.keys(BAD) as Array<keyof typeof BAD>) {
        const id = `303-${String(4_000_000 + n).padStart(7, '0')}-${String(n++).padStart(7, '0')}`;
        const order = copyOrder(template, id);
        const value = path === 'orderId' ? `${id}${BAD[kind]}` : `${String(at(order, path))}${BAD[kind]}`;
        setAt(order, path, value);
        cases.push({ id: path === 'orderId' ? value : id, path, kind, value });
        // Over HTTP: the admin API takes the JSON escapes and stores the very characters.
        await amazonAdmin(stack.amazon, 'orders', { sellerId: stack.sellerId, orders: [order] });
      }
    }
    expect(raw(cases.find((c) => c.path === 'buyer.buyerName' && c.kind === 'surrogate')!.id).buyer).toMatchObject({ buyerName: expect.stringContaining('\uD800') });
    // ...and serves them as JSON escapes, as Amazon would.
    const wire = await (await fetch(`${stack.amazon.url}/_sandbox/orders/${cases.find((c) => c.path === 'buyer.buyerName' && c.kind === 'surrogate')!.id}`)).text();
    expect(wire).toMatch(/\\ud800/i);

    const sweep = await sweepAndImport(stack, { cursor: true });
    const cursor = await stack.env.core.cursors.get(stack.backendId, 'orders');
    expect(cursor?.lastUpdatedAfter.toISOString()).toBe(sweep.window!.to);
    for (const id of good) expect((await theErpOrder(stack, id)).state).toBe('sale');

    const docs = orderDocuments(stack.env.core.documents);
    const wrong: string[] = [];
    for (const c of cases) {
      const label = `${c.kind} in ${c.path}`;
      if (c.path === 'orderId') {
        // No ERP reference can hold it: a conflict under the escaped id, nothing stored or written.
        if ((await openConflictCodes(stack, escapeText(c.id))).join() !== 'INVALID_TEXT') wrong.push(`${label}: no INVALID_TEXT conflict`);
        continue;
      }
      const state = await syncStateOf(stack, c.id);
      const codes = await openConflictCodes(stack, c.id);
      if (FREE_TEXT.some((re) => re.test(c.path))) {
        if (state?.state !== 'imported') wrong.push(`${label}: ${JSON.stringify(state)} ${codes.join()}`);
        else {
          const so = await theErpOrder(stack, c.id, ['note']);
          if (!String(so.note).includes(`cannot be kept (NUL or lone UTF-16 surrogates) in ${c.path}`)) wrong.push(`${label}: note does not say it`);
        }
        // What Amazon sent is kept exactly (escaped in the database, restored when read).
        const stored = (await docs.getMany(stack.backendId, [c.id], { withPii: true })).found.get(c.id);
        if (at(stored?.order, c.path) !== c.value) wrong.push(`${label}: stored value differs`);
      } else {
        const expected = codes.length === 1 && (codes[0] === 'INVALID_TEXT' || codes[0] === 'ORDER_MALFORMED');
        if (!expected || state?.state === 'imported') wrong.push(`${label}: ${JSON.stringify(state)} ${codes.join()}`);
        if ((await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', c.id]], ['id'])).length) wrong.push(`${label}: in the ERP`);
      }
    }
    expect(wrong).toEqual([]);
    // Fields that identify things are INVALID_TEXT by name (those the model's parser checks are ORDER_MALFORMED).
    for (const path of ['orderItems[0].product.sellerSku', 'orderItems[0].orderItemId', 'buyer.buyerEmail', 'orderItems[0].product.asin']) {
      for (const c of cases.filter((x) => x.path === path)) expect(await openConflictCodes(stack, c.id), `${c.kind} in ${path}`).toEqual(['INVALID_TEXT']);
    }

    // Visible in the API with its reason, and retryable: once Amazon has corrected the SKU, "retry" imports it.
    const sku = cases.find((c) => c.path === 'orderItems[0].product.sellerSku' && c.kind === 'nul')!;
    type Listed = { items: Array<{ id: number; amazonKey: string; code: string; message: string }> };
    const listed = await api.get<Listed>(`/api/conflicts?backendId=${stack.backendId}&status=open&limit=500`);
    const conflict = listed.body.items.find((x) => x.amazonKey === sku.id)!;
    expect(conflict).toMatchObject({ code: 'INVALID_TEXT', message: expect.stringContaining('orderItems[0].product.sellerSku') });
    stack.amazon.updateOrder(sku.id, { orderItems: raw(sku.id).orderItems.map((i) => ({ ...i, product: { ...(i.product as Obj), sellerSku: String(at(template, 'orderItems[0].product.sellerSku')) } })) });
    expect((await api.post(`/api/conflicts/${conflict.id}/resolve`, { action: 'retry' })).status).toBe(200);
    await sweepAndImport(stack);
    expect((await theErpOrder(stack, sku.id)).state).toBe('sale');
    expect(await openConflictCodes(stack, sku.id)).toEqual([]);
  }, 120_000);

  it('a 1 MiB gift message reaches the ERP bounded with a truncation mark, and is kept only sealed, then redacted', async () => {
    const [base] = generate(1);
    const order = copyOrder(raw(base!), '303-9000000-0000001') as Obj & { orderItems: Obj[] };
    const message = `Für Oma Hildegard Brennecke, von Jana. ${'x'.repeat(1024 * 1024)}`;
    order.orderItems[0]!.fulfillment = { ...(order.orderItems[0]!.fulfillment as Obj), packing: { giftOption: { giftMessage: message, giftWrapLevel: 'Classic' } } };
    stack.amazon.addOrders(stack.sellerId, [order]);
    await sweepAndImport(stack, { cursor: true });
    const so = await theErpOrder(stack, order.orderId as string, ['note']);
    expect(so.state).toBe('sale');
    const note = String(so.note);
    expect(note).toContain('Gift message');
    expect(note).toContain('Hildegard Brennecke');
    expect(note).toMatch(/\[…truncated by the connector: \d+ of \d+ characters left out\]/);
    expect(note.length).toBeLessThan(4000);
    // In our database only sealed: not in the readable payload, nor in any conflict snapshot.
    const clear = await stack.env.db.pool.query(
      `select 1 from fetched_document where backend_id = $1 and payload::text like '%Hildegard%'
       union all select 1 from sync_conflict where backend_id = $1 and amazon_snapshot::text like '%Hildegard%'`,
      [stack.backendId],
    );
    expect(clear.rowCount).toBe(0);
    const docs = orderDocuments(stack.env.core.documents);
    const opened = (await docs.getMany(stack.backendId, [order.orderId as string], { withPii: true })).found.get(order.orderId as string)!;
    expect((opened.order.orderItems[0]!.fulfillment?.packing?.giftOption?.giftMessage ?? '').length).toBe(message.length);
    // Redacted on the buyer data's schedule: the message is gone, the wrap level stays.
    await stack.env.db.pool.query(`update fetched_document set fetched_at = now() - interval '400 days' where backend_id = $1 and key = $2`, [stack.backendId, order.orderId]);
    expect(await stack.env.core.documents.redactOlderThan(stack.backendId, 365)).toBeGreaterThanOrEqual(1);
    const redacted = (await docs.getMany(stack.backendId, [order.orderId as string], { withPii: true })).found.get(order.orderId as string)!;
    expect(redacted.order.orderItems[0]!.fulfillment?.packing?.giftOption).toEqual({ giftWrapLevel: 'Classic' });
  }, 60_000);
});
