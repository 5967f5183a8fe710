/**
 * Amazon's side of the demo's cancellations, over the sandbox's admin API as Amazon and its buyers would act:
 * every `everySeconds`, an imported merchant order not yet shipped is either cancelled by Amazon
 * (`POST /_sandbox/orders/:id/cancel {by: AMAZON}`) or gets a buyer's cancel request
 * (`POST /_sandbox/orders/:id/buyer-cancel-request`), in turn. The sandbox's continuous mode does the same at random
 * among all open orders (most of them never reached the ERP); this picks orders the ERP holds, so the effect shows.
 * Twenty seconds later it prints what the ERP shows for the order (read over the ERP's API as a person would).
 */
import { AMAZON_URL, connectorApi, ERP_URL, log } from './demo-context.ts';

type Listed = { amazonOrderId: string; amazonStatus: string; fulfilledBy: string | null; erp: { id: number; name: string | null } | null };

export interface AmazonSide {
  done(): Array<{ orderId: string; what: 'cancel' | 'request'; erpName: string }>;
  stop(): void;
}

async function erpRead(apiKey: string, model: string, body: unknown): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${ERP_URL}/json/2/${model}/search_read`, {
    method: 'POST',
    headers: { authorization: `bearer ${apiKey}`, 'x-odoo-database': 'demo', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.ok ? ((await res.json()) as Array<Record<string, unknown>>) : [];
}

/** What the ERP shows for the order: its state, and the last note on it (the buyer's request, when there is one). */
async function erpOutcome(apiKey: string, erpId: number): Promise<string> {
  const [so] = await erpRead(apiKey, 'sale.order', { domain: [['id', '=', erpId]], fields: ['name', 'state'] });
  const notes = await erpRead(apiKey, 'mail.message', { domain: [['model', '=', 'sale.order'], ['res_id', '=', erpId]], fields: ['body'], order: 'id desc', limit: 1 });
  const note = notes[0] ? String(notes[0].body).replace(/<[^>]+>/g, '').slice(0, 110) : null;
  return `ERP ${String(so?.name)} is ${String(so?.state)}${note ? `, note: "${note}"` : ''}`;
}

export function startAmazonSide(o: { token: string; erpApiKey: string; everySeconds?: number }): AmazonSide {
  const picked = new Set<string>();
  const done: Array<{ orderId: string; what: 'cancel' | 'request'; erpName: string }> = [];
  let turn = 0;
  let stopped = false;
  const round = async () => {
    const res = await connectorApi(o.token, 'GET', '/api/backends/1/orders?state=imported&limit=100');
    if (!res.ok) return;
    const { items } = (await res.json()) as { items: Listed[] };
    for (const c of items.filter((i) => i.fulfilledBy === 'MERCHANT' && i.amazonStatus === 'UNSHIPPED' && i.erp && !picked.has(i.amazonOrderId))) {
      const now = await fetch(`${AMAZON_URL}/_sandbox/orders/${c.amazonOrderId}`);
      if (!now.ok) continue;
      const { order } = (await now.json()) as { order: { fulfillment?: { fulfillmentStatus?: string }; orderItems?: unknown[] } };
      if (order.fulfillment?.fulfillmentStatus !== 'UNSHIPPED' || JSON.stringify(order.orderItems ?? []).includes('cancellation')) continue;
      picked.add(c.amazonOrderId);
      const what = turn++ % 2 === 0 ? 'cancel' : 'request';
      const path = what === 'cancel' ? 'cancel' : 'buyer-cancel-request';
      const r = await fetch(`${AMAZON_URL}/_sandbox/orders/${c.amazonOrderId}/${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(what === 'cancel' ? { by: 'AMAZON' } : {}),
      });
      if (!r.ok) return log(`amazon side: ${c.amazonOrderId}: HTTP ${r.status} ${(await r.text()).slice(0, 120)}`);
      const erpName = c.erp!.name ?? String(c.erp!.id);
      done.push({ orderId: c.amazonOrderId, what, erpName });
      log(what === 'cancel'
        ? `amazon side: Amazon cancels ${c.amazonOrderId} (ERP ${erpName}, not shipped yet)`
        : `amazon side: the buyer of ${c.amazonOrderId} (ERP ${erpName}) asks Amazon to cancel it`);
      setTimeout(() => void erpOutcome(o.erpApiKey, c.erp!.id).then((s) => log(`amazon side: 20 s later ${c.amazonOrderId}: ${s}`), () => {}), 20_000).unref();
      return;
    }
  };
  const loop = async () => {
    await new Promise((r) => setTimeout(r, 30_000).unref());
    while (!stopped) {
      await round().catch((e: unknown) => log(`amazon side: ${(e as Error).message.slice(0, 160)}`));
      await new Promise((r) => setTimeout(r, (o.everySeconds ?? 30) * 1000).unref());
    }
  };
  void loop();
  return { done: () => [...done], stop: () => void (stopped = true) };
}
