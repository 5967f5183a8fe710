/**
 * The demo seller's FBA listing (`MUG-CER-BLUE-FBA`, catalogue `aliases`) is a second SKU of an ERP product, as
 * sellers often list their FBA stock: its `sku_map` row, written as an integrator would, so the demo's FBA orders
 * import (and their stock moves) instead of waiting as SKU_UNMAPPED conflicts. Conflicts a first sweep raised
 * before the row existed are retried through the API. The other alias stays unmapped on purpose (a conflict to show).
 */
import pg from 'pg';
import { createLookupStore } from '../../connector/src/core/lookup/index.ts';
import { ordersLookupTables } from '../../connector/src/sync/orders/index.ts';

const FBA_LISTINGS: Record<string, string> = { 'MUG-CER-BLUE-FBA': 'MUG-CER-BLUE' };

/** Maps the FBA listings of backend 1 to their ERP products; returns the rows written. */
export async function mapDemoFbaListings(databaseUrl: string, erpUrl: string, erpApiKey: string, adminToken: string): Promise<number> {
  const res = await fetch(`${erpUrl}/json/2/product.product/search_read`, {
    method: 'POST',
    headers: { authorization: `bearer ${erpApiKey}`, 'x-odoo-database': 'demo', 'content-type': 'application/json' },
    body: JSON.stringify({ domain: [['default_code', 'in', Object.values(FBA_LISTINGS)]], fields: ['default_code'] }),
  });
  const products = (await res.json()) as Array<{ id: number; default_code: string }>;
  const entries = Object.entries(FBA_LISTINGS).flatMap(([sku, code]) => {
    const p = products.find((x) => x.default_code === code);
    return p ? [{ key: sku, value: { productId: p.id } }] : [];
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await createLookupStore(pool, { tables: ordersLookupTables }).put(1, 'sku_map', entries);
  } finally {
    await pool.end();
  }
  await fetch('http://127.0.0.1:3000/api/conflicts/resolve', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'retry', backendId: 1, codes: ['SKU_UNMAPPED'] }),
  });
  return entries.length;
}
