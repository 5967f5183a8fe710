/**
 * The demo's shipping summary (issue 10): what a person should see within three minutes of `npm start`, read over
 * HTTP as a person would (the connector's API, the ERP's JSON-2 API): merchant orders shipped in the ERP and
 * confirmed to Amazon, FBA orders whose deliveries left the pool warehouse (its stock before and now), invoices
 * posted, the TRACKING_INVALID conflicts of mistyped tracking numbers, and the ship-by risk list; each with the curl
 * line to look closer.
 */

const API = 'http://127.0.0.1:3000/api';
const AUTH = '-H "Authorization: Bearer $(cat .data/admin-token)"';

/** Units in the Stock location of each FBA pool warehouse (`FBA*` codes), and of one product in it. */
export interface PoolStock {
  /** warehouse name -> units on hand in its Stock location */
  units: Map<string, number>;
  /** warehouse name -> units of `product` there */
  product: Map<string, number>;
  /** warehouse name -> units that left its Stock location in validated deliveries, and how many deliveries */
  shipped: Map<string, { units: number; deliveries: number }>;
}

async function erpCall<T>(erpUrl: string, apiKey: string, model: string, method: string, body: unknown): Promise<T> {
  const res = await fetch(`${erpUrl}/json/2/${model}/${method}`, {
    method: 'POST',
    headers: { authorization: `bearer ${apiKey}`, 'x-odoo-database': 'demo', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`ERP ${model}/${method}: HTTP ${res.status} ${(await res.text()).slice(0, 160)}`);
  return (await res.json()) as T;
}

/** The FBA pools' stock in the ERP (empty maps before the set-up made the pools' warehouses). */
export async function poolStock(erpUrl: string, apiKey: string, productCode: string): Promise<PoolStock> {
  const warehouses = await erpCall<Array<{ name: string; lot_stock_id: [number, string] }>>(erpUrl, apiKey, 'stock.warehouse', 'search_read',
    { domain: [['code', '=like', 'FBA%']], fields: ['name', 'lot_stock_id'] });
  const out: PoolStock = { units: new Map(), product: new Map(), shipped: new Map() };
  for (const w of warehouses) {
    const quants = await erpCall<Array<{ quantity: number; product_id: [number, string] }>>(erpUrl, apiKey, 'stock.quant', 'search_read',
      { domain: [['location_id', '=', w.lot_stock_id[0]]], fields: ['quantity', 'product_id'] });
    out.units.set(w.name, quants.reduce((n, q) => n + q.quantity, 0));
    out.product.set(w.name, quants.filter((q) => q.product_id[1].includes(`[${productCode}]`)).reduce((n, q) => n + q.quantity, 0));
    // Done moves out of Stock are the deliveries (the seed's inventory adjustments move into it).
    const moves = await erpCall<Array<{ quantity: number; picking_id: [number, string] | false }>>(erpUrl, apiKey, 'stock.move', 'search_read',
      { domain: [['location_id', '=', w.lot_stock_id[0]], ['state', '=', 'done']], fields: ['quantity', 'picking_id'] });
    out.shipped.set(w.name, { units: moves.reduce((n, m) => n + m.quantity, 0), deliveries: new Set(moves.map((m) => (m.picking_id ? m.picking_id[0] : 0))).size });
  }
  return out;
}

/** "Amazon FBA EU 9454 units seeded, 212 left in 70 deliveries, 9242 now (MUG-CER-BLUE 2700)", one per pool. */
export function describePools(s: PoolStock, productCode: string): string {
  if (s.units.size === 0) return 'no FBA pool warehouse yet';
  return [...s.units].map(([name, n]) => {
    const out = s.shipped.get(name) ?? { units: 0, deliveries: 0 };
    return `${name} ${n + out.units} units seeded, ${out.units} left in ${out.deliveries} FBA deliveries, ${n} now (${productCode} ${s.product.get(name) ?? 0} now)`;
  }).join('; ');
}

/** Waits (up to `timeoutMs`) until the pools hold stock, i.e. the fba flow's one-time seed ran; returns it. */
export async function waitForSeededPools(erpUrl: string, apiKey: string, productCode: string, timeoutMs = 90_000): Promise<PoolStock | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await poolStock(erpUrl, apiKey, productCode).catch(() => undefined);
    if (s && s.units.size > 0 && [...s.units.values()].every((n) => n > 0)) return s;
    await new Promise((r) => setTimeout(r, 3000));
  }
  return undefined;
}

async function get<T>(path: string, token: string): Promise<T> {
  const res = await fetch(`${API}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

type Counts = Record<string, number>;

/** The summary's lines: figures from the connector's API and the ERP, and a curl line for each. */
export async function shippingSummary(o: { token: string; erpUrl: string; erpApiKey: string; productCode: string }): Promise<string[]> {
  const backend = await get<{ sync?: { flows?: Record<string, Counts> } }>('/backends/1', o.token);
  const flows = backend.sync?.flows ?? {};
  const n = (flow: string, state: string) => flows[flow]?.[state] ?? 0;
  const invoices = (await get<{ items: Array<{ shipmentKey: string; amazonOrderId: string; state: string; erp: { name: string } | null }> }>('/backends/1/invoices?limit=500', o.token)).items;
  const conflicts = (await get<{ items: Array<{ id: number; code: string; amazonKey: string; status: string }> }>('/conflicts?backendId=1&status=open&limit=500', o.token)).items;
  const tracking = conflicts.filter((c) => c.code === 'TRACKING_INVALID');
  const risk = await get<{ thresholdHours: number; counts: { atRisk: number; late: number } }>('/backends/1/shipments/at-risk?limit=5', o.token);
  const now = await poolStock(o.erpUrl, o.erpApiKey, o.productCode).catch(() => undefined);
  const mfn = invoices.find((i) => i.shipmentKey.startsWith('mfn:'));
  const fba = invoices.find((i) => i.shipmentKey.startsWith('fba:'));
  const posted = invoices.filter((i) => i.state === 'invoiced');
  return [
    `merchant orders: ${n('shipments', 'confirmed')} deliveries validated in the ERP and confirmed to Amazon (${n('shipments', 'conflict')} in conflict)`,
    ...(mfn ? [`  one order's shipments on Amazon: curl -s http://127.0.0.1:4010/_sandbox/orders/${mfn.amazonOrderId}/shipments`] : []),
    `FBA orders: imported once Amazon shipped them (${n('orders', 'imported')} orders imported in all, merchant and FBA), their deliveries validated out of the pool warehouse:`,
    `  pool stock: ${now ? describePools(now, o.productCode) : 'not read'}`,
    ...(fba ? [`  one FBA order: curl -s ${AUTH} ${API}/backends/1/orders/${fba.amazonOrderId}`] : []),
    `invoices: ${posted.length} posted in the ERP (${posted.filter((i) => i.shipmentKey.startsWith('fba:')).length} of FBA orders), ` +
      `${invoices.filter((i) => i.state === 'waiting').length} waiting, ${invoices.filter((i) => i.state === 'conflict').length} in conflict, ` +
      `${invoices.filter((i) => i.state === 'covered').length} covered by an earlier invoice` +
      (posted[0]?.erp ? ` (e.g. ${posted[0].erp.name} for ${posted[0].amazonOrderId})` : ''),
    `  curl -s ${AUTH} "${API}/backends/1/invoices?state=invoiced" | jq '.items[] | {amazonOrderId,shipmentKey,erp}'`,
    `tracking conflicts: ${tracking.length} TRACKING_INVALID open${tracking[0] ? ` (e.g. #${tracking[0].id} ${tracking[0].amazonKey})` : ''}: nothing was sent to Amazon for those`,
    `  curl -s ${AUTH} "${API}/conflicts?backendId=1&status=open&limit=500" | jq '.items[] | select(.code=="TRACKING_INVALID") | {id,amazonKey,message}'`,
    `ship-by risk: ${risk.counts.atRisk} merchant orders due within ${risk.thresholdHours} h, ${risk.counts.late} late`,
    `  curl -s ${AUTH} ${API}/backends/1/shipments/at-risk | jq '.counts, .atRisk[0]'`,
  ];
}

type Feed = { id: number; feedType: string; state: string; amazonFeedId: string | null; messages: Record<string, number> };

/**
 * Issue 11's lines: orders that came through notifications (their latency from Amazon's change to the confirmed ERP
 * order), Amazon's cancellations and the buyers' requests as the cancellations flow recorded them, the conflicts
 * they raised, and the feeds sent to Amazon (seller cancellations, VAT invoices) with what their processing reports
 * said; each with the curl line.
 */
export async function cancellationSummary(o: { token: string; notifiedLatencies: number[]; deskCancelled: number; amazonSide: { cancel: number; request: number } }): Promise<string[]> {
  const backend = await get<{ sync?: { flows?: Record<string, Counts> } }>('/backends/1', o.token);
  const c = backend.sync?.flows?.cancellations ?? {};
  const conflicts = (await get<{ items: Array<{ id: number; code: string; amazonKey: string }> }>('/conflicts?backendId=1&status=open&limit=500', o.token)).items;
  const code = (k: string) => conflicts.filter((x) => x.code === k);
  const feeds = (await get<{ items: Feed[] }>('/backends/1/feeds?limit=200', o.token)).items;
  const byType = new Map<string, Feed[]>();
  for (const f of feeds) byType.set(f.feedType, [...(byType.get(f.feedType) ?? []), f]);
  const sorted = [...o.notifiedLatencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]?.toFixed(1) ?? '-';
  const tally = (fs: Feed[], key: string) => fs.reduce((n, f) => n + (f.messages[key] ?? 0), 0);
  const buyer = code('ORDER_BUYER_CANCEL_REQUESTED');
  return [
    `notifications: ${sorted.length} orders confirmed in the ERP after an ORDER_CHANGE: p50 ${q(0.5)} s, p95 ${q(0.95)} s, max ${sorted.at(-1)?.toFixed(1) ?? '-'} s from Amazon's change`,
    `cancellations (flow states): ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet'}; Amazon side: ${o.amazonSide.cancel} cancelled by Amazon, ${o.amazonSide.request} buyer requests; cancel desk: ${o.deskCancelled} ERP orders cancelled`,
    `  conflicts: ${buyer.length} ORDER_BUYER_CANCEL_REQUESTED${buyer[0] ? ` (e.g. #${buyer[0].id} ${buyer[0].amazonKey}: answer with cancel_in_erp or keep)` : ''}, ${code('ORDER_CANCELLED_AFTER_IMPORT').length} ORDER_CANCELLED_AFTER_IMPORT`,
    `  curl -s ${AUTH} "${API}/conflicts?backendId=1&status=open&limit=500" | jq '.items[] | select(.code=="ORDER_BUYER_CANCEL_REQUESTED") | {id,amazonKey,message}'`,
    ...[...byType].map(([type, fs]) =>
      `feeds ${type}: ${fs.length} (${[...new Set(fs.map((f) => f.state))].map((s) => `${fs.filter((f) => f.state === s).length} ${s}`).join(', ')}); messages ${tally(fs, 'accepted')} accepted, ${tally(fs, 'rejected')} rejected, ${tally(fs, 'unknown')} unknown, ${tally(fs, 'sent')} waiting for the report`),
    ...(feeds.length ? [] : ['feeds: none sent yet']),
    `  curl -s ${AUTH} ${API}/backends/1/feeds | jq '.items[] | {feedType,state,amazonFeedId,messages}'; Amazon's view: curl -s http://127.0.0.1:4010/_sandbox/feeds | jq '.feeds[0]'`,
  ];
}

/**
 * Issue 14's lines: the refunds flow's record states (credited, conflict, queued...), the customer credit notes
 * posted in the ERP, and the demo's own refunds (lib/demo-refunds.ts) with the credit note each became.
 */
export async function refundSummary(o: { token: string; erpUrl: string; erpApiKey: string; refunds: Array<{ amazonOrderId: string; refundId: string; creditNote?: { name: string; seconds: number } }> }): Promise<string[]> {
  const backend = await get<{ sync?: { flows?: Record<string, Counts> } }>('/backends/1', o.token);
  const r = backend.sync?.flows?.refunds ?? {};
  const notes = await erpCall<Array<{ name: string }>>(o.erpUrl, o.erpApiKey, 'account.move', 'search_read',
    { domain: [['move_type', '=', 'out_refund'], ['state', '=', 'posted']], fields: ['name'] }).catch(() => undefined);
  const credited = o.refunds.filter((x) => x.creditNote);
  return [
    `refunds (flow states): ${Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet'}; credit notes posted in the ERP: ${notes ? notes.length : 'not read'}`,
    `  the demo's refunds: ${o.refunds.length} made on Amazon, ${credited.length} credited` +
      (credited[0] ? ` (e.g. ${credited[0].amazonOrderId} -> ${credited[0].creditNote!.name}, ${credited[0].creditNote!.seconds} s after the refund)` : ''),
    `  curl -s -X POST -H 'content-type: application/json' -d '{}' http://127.0.0.1:4010/_sandbox/orders/<amazonOrderId>/refund   # refund a shipped order yourself`,
    `  curl -s ${AUTH} "${API}/conflicts?backendId=1&status=open&limit=500" | jq '.items[] | select(.kind=="refund") | {code,amazonKey,message}'`,
  ];
}
