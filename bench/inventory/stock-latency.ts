/**
 * Part 2: from an ERP stock change to Amazon accepting the new quantity. Per change one bench product, listed on
 * Amazon with the quantity the connector last sent: a receipt of 5 units (a rise: the default lane for a small change
 * set), or a delivery of every free unit (an urgent zero). Each transfer goes as a warehouse worker does it (create,
 * confirm, quantities picked, validate) against the ERP sandbox with its cost model on; the latency runs from the
 * ERP's answer to `button_validate` to the moment the Amazon sandbox shows the new quantity set by a patch
 * (patchListingsItem answered; polled every 20 ms) or the feed carrying it submitted.
 */
import type { Stack } from '../../test/support/connector-stack.ts';

export interface LatencyFigures {
  kind: 'receipt' | 'zero';
  n: number;
  p50: number;
  max: number;
  lanes: Record<string, number>;
  /** Changes seen at Amazon before the validation answered (the reservation's poll was first): timed from the reservation. */
  beforeValidation: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round2 = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.ceil(s.length / 2) - 1] ?? NaN; };

/** The transfer of `qty` units of a product through the picking type `typeId`, validated; answers the times of its steps. */
async function transfer(stack: Stack, typeId: number, productId: number, qty: number): Promise<{ reserved: number; validated: number }> {
  const erp = stack.erpClient;
  const [picking] = await erp.create('stock.picking', [{ picking_type_id: typeId, move_ids: [[0, 0, { product_id: productId, product_uom_qty: qty }]] }]);
  await erp.call('stock.picking', 'action_confirm', [picking!]);
  const [p] = await erp.read('stock.picking', [picking!], ['move_ids']);
  await erp.write('stock.move', p!.move_ids as number[], { quantity: qty, picked: true });
  const reserved = Date.now();
  const r = await erp.call('stock.picking', 'button_validate', [picking!]);
  if (r !== true) throw new Error(`picking ${picking}: button_validate answered ${JSON.stringify(r)}`);
  return { reserved, validated: Date.now() };
}

/** Resolves with when Amazon shows `quantity` for the SKU (and by which source), polling every 20 ms. */
async function shownAt(stack: Stack, sku: string, quantity: number, timeoutMs: number): Promise<{ at: number; by: string }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const l = stack.amazon.listingQuantities(stack.sellerId).listings.find((x) => x.sku === sku);
    if (l && l.quantity === quantity && l.changedBy !== 'admin') return { at: Date.now(), by: l.changedBy ?? 'unknown' };
    // The bulk lane: the message carrying the quantity is in a submitted feed (Amazon's processing excluded).
    const { rows } = await stack.env.db.pool.query(
      `select 1 from feed_message m join feed f on f.id = m.feed_id where m.backend_id = $1 and f.amazon_feed_id is not null
          and m.body ->> 'sku' = $2 and (m.body #>> '{patches,0,value,0,quantity}')::int = $3 and m.created_at > now() - interval '10 minutes'`,
      [stack.backendId, sku, quantity],
    );
    if (rows.length) return { at: Date.now(), by: 'feed' };
    await sleep(20);
  }
  throw new Error(`${sku}: Amazon did not show ${quantity} within ${timeoutMs} ms`);
}

/**
 * `changes` changes of `kind`, `gapSeconds` apart (plus a random 0-`jitterSeconds`: changes at a fixed pace fall at
 * the same point of a poll's cycle, so a spread of phases needs it), each on its own product (`products`: SKU -> [ERP id, units the
 * connector last sent]); waits for each before the next (so one change is one change set).
 */
export async function measureLatency(
  stack: Stack, kind: 'receipt' | 'zero', products: Array<{ sku: string; productId: number; qty: number }>, gapSeconds: number, timeoutMs: number, say: (s: string) => void, jitterSeconds = 0,
): Promise<LatencyFigures> {
  const [typeId] = await stack.erpClient.search('stock.picking.type', [['code', '=', kind === 'receipt' ? 'incoming' : 'outgoing']], { limit: 1 });
  const seconds: number[] = [];
  const lanes: Record<string, number> = {};
  let before = 0;
  for (const p of products) {
    stack.amazon.setListingQuantity(stack.sellerId, p.sku, p.qty);
    const units = kind === 'receipt' ? 5 : p.qty;
    const expected = kind === 'receipt' ? p.qty + 5 : 0;
    const seen = shownAt(stack, p.sku, expected, timeoutMs);
    const t = await transfer(stack, typeId!, p.productId, units);
    const s = await seen;
    const from = s.at < t.validated ? (before++, t.reserved) : t.validated;
    seconds.push((s.at - from) / 1000);
    lanes[s.by] = (lanes[s.by] ?? 0) + 1;
    say(`${kind} ${p.sku}: ${round2((s.at - from) / 1000)} s (${s.by})`);
    await sleep((gapSeconds + Math.random() * jitterSeconds) * 1000);
  }
  return { kind, n: seconds.length, p50: round2(median(seconds)), max: round2(Math.max(...seconds)), lanes, beforeValidation: before };
}
