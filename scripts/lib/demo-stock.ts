/**
 * Stock both ways in the demo (issue 13): merchant-stock switched on through the API with the ERP warehouse `WH` for
 * Amazon's DEFAULT channel (one merchant quantity per seller, every marketplace), and fba-stock; then a receipt
 * validated in the ERP, and the time until the Amazon sandbox's quantity of that SKU shows the new figure.
 */
import pg from 'pg';
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { connectOdoo } from '../../connector/src/erp/odoo/connect-odoo.ts';
import { AMAZON_URL, connectorApi, ERP_URL, log } from './demo-context.ts';

const SELLER = DEFAULT_SELLERS[0]!.sellerId;
const RECEIVED = 25;

/** Switches merchant-stock (warehouse WH, no buffer) and fba-stock on for backend 1; prints what to curl. */
export async function switchStockOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: {
    goLive: { 'merchant-stock': { enabled: true }, 'fba-stock': { enabled: true } },
    merchantStock: { warehouses: { DEFAULT: ['WH'] }, buffer: { fixed: 0, percent: 0 } },
  } });
  if (!res.ok) {
    log(`stock flows not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('stock: merchant-stock on (ERP warehouse WH -> Amazon DEFAULT quantity of every SKU) and fba-stock on (Amazon pools -> ERP)');
  // A first snapshot of each pool now rather than at the crontab's next five minutes.
  for (const pool of ['EU', 'UK']) {
    const snap = await connectorApi(token, 'POST', `/api/backends/1/fba-stock/pools/${pool}/snapshot`);
    if (!snap.ok) log(`  fba-stock: snapshot of ${pool} not queued: HTTP ${snap.status} (the crontab takes one within 5 minutes)`);
  }
  log(`  Amazon's merchant quantities: curl -s ${AMAZON_URL}/_sandbox/listings/${SELLER}/quantities | jq .quantities`);
  log(`  FBA stock per pool:           curl -s -H "Authorization: Bearer $(cat .data/admin-token)" 'http://127.0.0.1:3000/api/backends/1/fba-stock?pool=EU&limit=5'`);
  log(`  FBA drift:                    curl -s -H "Authorization: Bearer $(cat .data/admin-token)" 'http://127.0.0.1:3000/api/backends/1/fba-stock/drift?state=open'`);
  log('  in the panel: Stock (merchant offers, FBA stock and its drift with Apply, reorder advice): http://127.0.0.1:3000/admin/stock');
  log(`  send every quantity again:    curl -s -X POST -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/merchant-stock/resync`);
  return true;
}

const amazonQuantity = async (sku: string): Promise<number | undefined> => {
  const res = await fetch(`${AMAZON_URL}/_sandbox/listings/${SELLER}/quantities`);
  return res.ok ? ((await res.json()) as { quantities: Record<string, number> }).quantities[sku] : undefined;
};

/** A SKU the connector has sent and Amazon shows as sent (first push done), with its ERP product. */
async function sentSku(databaseUrl: string): Promise<{ sku: string; productId: number; qty: number } | undefined> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ sku: string; product_id: number; sent_qty: number }>(
      `select sku, product_id, sent_qty from merchant_stock_offer
        where backend_id = 1 and sent_seq = computed_seq and code is null and sent_qty > 0 order by sku`);
    for (const r of rows) if ((await amazonQuantity(r.sku)) === r.sent_qty) return { sku: r.sku, productId: r.product_id, qty: r.sent_qty };
    return undefined;
  } finally {
    await pool.end();
  }
}

/**
 * After the first push: a receipt of 25 units of one product validated in the ERP (vendors -> WH/Stock), then the
 * seconds until Amazon shows that SKU's quantity risen (a sale meanwhile may take some of the 25 units again).
 */
export async function measureReceipt(databaseUrl: string, erpApiKey: string): Promise<void> {
  let pick: Awaited<ReturnType<typeof sentSku>>;
  for (let i = 0; i < 60 && !pick; i++) {
    await new Promise((r) => setTimeout(r, 3000));
    pick = await sentSku(databaseUrl).catch(() => undefined);
  }
  if (!pick) return log('stock: no SKU sent to Amazon after 3 minutes (see the merchant-stock flow in GET /api/backends/1)');
  const erp = await connectOdoo({ url: ERP_URL, database: 'demo', apiKey: erpApiKey, transport: 'json2' });
  try {
    const [wh] = await erp.searchRead('stock.warehouse', [['code', '=', 'WH']], ['lot_stock_id', 'in_type_id']);
    const stock = (wh!.lot_stock_id as [number, string])[0];
    const [vendors] = await erp.search('stock.location', [['usage', '=', 'supplier']], { limit: 1 });
    const [picking] = await erp.create('stock.picking', [{
      picking_type_id: (wh!.in_type_id as [number, string])[0], location_id: vendors, location_dest_id: stock,
      move_ids: [[0, 0, { product_id: pick.productId, product_uom_qty: RECEIVED, location_id: vendors, location_dest_id: stock }]],
    }]);
    await erp.call('stock.picking', 'action_confirm', [picking!]);
    const started = Date.now();
    await erp.call('stock.picking', 'button_validate', [picking!]);
    log(`stock: receipt of ${RECEIVED} units of ${pick.sku} validated in the ERP (Amazon showed ${pick.qty}); waiting for Amazon's quantity`);
    for (;;) {
      const now = await amazonQuantity(pick.sku);
      if (now !== undefined && now > pick.qty) {
        return log(`stock: ${pick.sku} on Amazon ${pick.qty} -> ${now} ${((Date.now() - started) / 1000).toFixed(1)} s after the receipt was validated`);
      }
      if (Date.now() - started > 120_000) return log(`stock: ${pick.sku} still ${now} on Amazon 2 minutes after the receipt`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await erp.close();
  }
}
