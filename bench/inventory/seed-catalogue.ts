/**
 * Seeds the bench's catalogue straight into the databases (not timed): `n` storable products in the ERP sandbox's
 * own tables (copies of its first product, each with a quant in WH/Stock), and the matching Amazon SKUs in the
 * connector's `amazon_sku`, bound to them as the order flow binds a SKU to the product whose internal reference it
 * names. Set-based SQL: 50,000 products through the ERP's API would take minutes with the cost model on.
 */
import pg from 'pg';

/** The bench's SKU (and ERP internal reference) of product number `i` (1-based). */
export const benchSku = (i: number): string => `BENCH-${String(i).padStart(6, '0')}`;

/** Units on hand of product `i` at the start (never 0: a drop to zero would take the urgent lane). */
export const startQty = (i: number): number => 20 + (i % 50);

/** Inserts the products and their quants; answers the ERP product id per SKU. */
export async function seedErpProducts(erpDatabaseUrl: string, n: number): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: erpDatabaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const cols = async (table: string) => (await client.query<{ c: string }>(
      `select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_name <> 'id' order by ordinal_position`, [table],
    )).rows.map((r) => r.c);
    const set = (columns: string[], over: Record<string, string>) => columns.map((c) => over[c] ?? `t.${c}`).join(', ');
    const productCols = await cols('product_product');
    const { rows: products } = await client.query<{ id: number; default_code: string }>(
      `insert into product_product (${productCols.join(', ')})
       select ${set(productCols, { name: `'Bench product ' || g`, default_code: `'BENCH-' || lpad(g::text, 6, '0')`, ...(productCols.includes('barcode') ? { barcode: 'null' } : {}), is_storable: 'true' })}
         from product_product t, generate_series(1, $1::int) g where t.id = (select min(id) from product_product)
       returning id, default_code`,
      [n],
    );
    const quantCols = await cols('stock_quant');
    await client.query(
      `insert into stock_quant (${quantCols.join(', ')})
       select ${set(quantCols, { product_id: 'p.id', quantity: `20 + (substr(p.default_code, 7)::int % 50)`, reserved_quantity: '0' })}
         from stock_quant t, product_product p where t.id = (select min(id) from stock_quant where location_id = 5) and p.default_code like 'BENCH-%'`,
    );
    await client.query('commit');
    await client.query('analyze product_product; analyze stock_quant');
    return new Map(products.map((p) => [p.default_code, p.id]));
  } finally {
    await client.end();
  }
}

/** The stock change the bench measures: every bench product gains `delta` units in the ERP (one statement). */
export async function changeErpStock(erpDatabaseUrl: string, delta: number): Promise<number> {
  const client = new pg.Client({ connectionString: erpDatabaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `update stock_quant q set quantity = q.quantity + $1 from product_product p where p.id = q.product_id and p.default_code like 'BENCH-%'`, [delta],
    );
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** The SKUs in the connector's `amazon_sku`, bound to their products by internal reference. */
export async function seedAmazonSkus(db: pg.Pool, backendId: number, products: Map<string, number>): Promise<void> {
  const skus = [...products.keys()];
  await db.query(
    `insert into amazon_sku (backend_id, sku, implicit_product_id, implicit_by, implicit_at)
     select $1, x.sku, x.product_id, 'default_code', now() from unnest($2::text[], $3::int[]) as x(sku, product_id)`,
    [backendId, skus, skus.map((s) => products.get(s)!)],
  );
  await db.query('analyze amazon_sku');
  // The listings' channels as a reconciliation read them (merchant-stock/reconcile): a backend in its steady state.
  // Without them the first recompute reads every SKU's listing from Amazon once (searchListingsItems, 20 SKUs a call
  // at 5/s: ~500 s for 50,000 SKUs without a merchant order), which is onboarding, not the push measured here.
  await db.query(
    `insert into merchant_stock_listing (backend_id, sku, found, channels, seen_at)
     select $1, sku, true, '{DEFAULT}', now() from unnest($2::text[]) as sku
     on conflict (backend_id, sku) do nothing`,
    [backendId, skus],
  );
}
