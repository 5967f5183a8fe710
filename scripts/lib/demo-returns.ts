/**
 * The buyers' merchant returns of the demo, over the Amazon sandbox's admin API as Amazon would record them: every
 * `everySeconds`, an imported merchant order Amazon shows shipped (the shipments flow confirmed it) gets a return of
 * one unit (`POST /_sandbox/orders/:id/return`), with a reason in turn; every other one is not back with the seller
 * yet (no refund: `Approved` in the report), the others are (`Closed`). The world's own returns (~6 % of shipped
 * orders) are dated 2-30 days after shipping, too late for a demo; these show within one returns sweep
 * (`returns.sweepMinutes`, 5 in the demo), as return pickings waiting in the ERP's Receipts.
 */
import { AMAZON_URL, connectorApi, log } from './demo-context.ts';

type Listed = { amazonOrderId: string; fulfilledBy: string | null; erp: { id: number; name: string | null } | null };
const REASONS = ['DEFECTIVE', 'UNWANTED_ITEM', 'NOT_AS_DESCRIBED', 'ORDERED_WRONG_ITEM'];

export function startBuyerReturns(o: { token: string; everySeconds?: number; max?: number }): { returned(): string[]; stop(): void } {
  const returned: string[] = [];
  const tried = new Set<string>();
  let stopped = false;
  const round = async () => {
    const res = await connectorApi(o.token, 'GET', '/api/backends/1/orders?state=imported&limit=100');
    if (!res.ok) return;
    const { items } = (await res.json()) as { items: Listed[] };
    for (const c of items.filter((i) => i.fulfilledBy === 'MERCHANT' && i.erp && !tried.has(i.amazonOrderId))) {
      const now = await fetch(`${AMAZON_URL}/_sandbox/orders/${c.amazonOrderId}`);
      if (!now.ok) continue;
      const { order } = (await now.json()) as { order: { fulfillment?: { fulfillmentStatus?: string } } };
      if (order.fulfillment?.fulfillmentStatus !== 'SHIPPED') continue;
      tried.add(c.amazonOrderId);
      const reason = REASONS[returned.length % REASONS.length]!;
      const r = await fetch(`${AMAZON_URL}/_sandbox/orders/${c.amazonOrderId}/return`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: 1, reason, refund: returned.length % 2 === 1 }),
      });
      if (!r.ok) continue;
      returned.push(c.amazonOrderId);
      log(`buyer returns: ${c.amazonOrderId} (ERP ${c.erp!.name ?? c.erp!.id}) returns one unit, ${reason}; the next returns sweep makes its return picking`);
      return;
    }
  };
  const loop = async () => {
    await new Promise((r) => setTimeout(r, 60_000).unref());
    while (!stopped && returned.length < (o.max ?? 12)) {
      await round().catch((e: unknown) => log(`buyer returns: ${(e as Error).message.slice(0, 160)}`));
      await new Promise((r) => setTimeout(r, (o.everySeconds ?? 40) * 1000).unref());
    }
  };
  void loop();
  return { returned: () => [...returned], stop: () => void (stopped = true) };
}
