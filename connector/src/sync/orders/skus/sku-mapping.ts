/**
 * Writes of the SKU table through the lookup store (`sku_map`, product bindings: audited, announced to every
 * process), with how each product was chosen noted in `amazon_sku`, and the orders the SKUs held re-queued.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { CoreServices } from '../../../core/services.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { ErpProduct, ErpProductsGateway } from './erp-products.gateway.ts';
import { retryHeldOrders } from './held-orders.ts';

export type MatchedBy = 'hand' | 'default_code' | 'barcode';

/** "[code] name", as the ERP shows a product. */
export const productLabel = (p: ErpProduct) => (p.defaultCode ? `[${p.defaultCode}] ${p.name}` : p.name);

/** The products of `ids`, every one existing in the ERP, else MAPPING_TARGET_NOT_FOUND naming the missing ones. */
export async function existingProducts(gw: ErpProductsGateway, ids: readonly number[]): Promise<Map<number, ErpProduct>> {
  const found = await gw.byIds(ids);
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length) {
    throw new PermanentError('MAPPING_TARGET_NOT_FOUND', `no active ERP product ${missing.slice(0, 10).join(', ')}`, { model: 'product.product', ids: missing });
  }
  return found;
}

export interface SkuWrite {
  sku: string;
  product: ErpProduct;
  by: MatchedBy;
}

/** Maps each SKU to its product (one audited write), notes how, and re-queues the held orders; returns how many. */
export async function writeSkuMappings(
  db: Queryable,
  core: Pick<CoreServices, 'lookups' | 'conflicts' | 'backends'>,
  backendId: number,
  writes: readonly SkuWrite[],
  actor: string,
): Promise<number> {
  if (!writes.length) return 0;
  await core.lookups.put(backendId, 'sku_map', writes.map((w) => ({ key: w.sku, value: { productId: w.product.id } })), { actor });
  // A SKU mapped before any order sold it (an import, a hand mapping) is listed from now on.
  await db.query(
    `insert into amazon_sku as s (backend_id, sku, matched_by, matched_product_id, matched_product_name)
     select $1, k, b, p, n from unnest($2::text[], $3::text[], $4::int[], $5::text[]) as x(k, b, p, n)
     on conflict (backend_id, sku) do update set matched_by = excluded.matched_by, matched_product_id = excluded.matched_product_id,
       matched_product_name = excluded.matched_product_name`,
    [backendId, writes.map((w) => w.sku), writes.map((w) => w.by), writes.map((w) => w.product.id), writes.map((w) => productLabel(w.product))],
  );
  return retryHeldOrders(db, core, backendId, writes.map((w) => w.sku), actor);
}

/** Removes the SKU's product (audited); SKU_NOT_MAPPED when it had none. */
export async function removeSkuMapping(core: Pick<CoreServices, 'lookups'>, backendId: number, sku: string, actor: string): Promise<void> {
  const removed = await core.lookups.remove(backendId, 'sku_map', [sku], { actor });
  if (!removed) throw new PermanentError('SKU_NOT_MAPPED', `SKU ${sku} has no ERP product`, { sku });
}

/**
 * The product each SKU matches in one ERP search for the whole list: its internal reference, else its barcode;
 * a SKU that several products carry (by the same field) is ambiguous and left for a person.
 */
export async function matchByCodes(gw: ErpProductsGateway, skus: readonly string[]) {
  const matched: SkuWrite[] = [];
  const ambiguous: { sku: string; productIds: number[] }[] = [];
  // Odoo takes long `in` lists, but a bounded one keeps each call's answer small.
  for (let i = 0; i < skus.length; i += 500) {
    const chunk = skus.slice(i, i + 500);
    const products = await gw.byCodes(chunk);
    for (const sku of chunk) {
      const byCode = products.filter((p) => p.defaultCode === sku);
      const byBarcode = products.filter((p) => p.barcode === sku);
      const [pick, by] = byCode.length ? [byCode, 'default_code' as const] : [byBarcode, 'barcode' as const];
      if (pick.length === 1) matched.push({ sku, product: pick[0]!, by });
      else if (pick.length > 1) ambiguous.push({ sku, productIds: pick.map((p) => p.id) });
    }
  }
  return { matched, ambiguous };
}
