/**
 * For other flows (the merchant-stock flow): the SKUs the connector knows (`amazon_sku`, noted from stored orders)
 * with the ERP product each one sells (its `sku_map` binding, else the product the order flow found by internal
 * reference or barcode), and whether the last order of the SKU was fulfilled by Amazon (an FBA listing).
 */
import { joinBinding } from '../../../core/binding/binding-join.ts';
import type { Queryable } from '../../../core/sql.ts';

export interface SkuProduct {
  sku: string;
  productId: number;
  /** The SKU's last stored order was Amazon-fulfilled. */
  lastOrderFba: boolean;
  /** The SKU's last stored order was merchant-fulfilled (false too when no order of it is stored). */
  lastOrderMerchant: boolean;
}

/** The SKUs with a product, all of them or those of `productIds` (or of `skus`); one statement. */
export async function skuProducts(db: Queryable, backendId: number, productIds?: readonly number[], skus?: readonly string[]): Promise<SkuProduct[]> {
  const product = 'coalesce(b.erp_id, s.implicit_product_id)';
  const { rows } = await db.query<{ sku: string; product_id: number; last_fba: boolean | null }>(
    `select s.sku, ${product} as product_id, (d.summary ->> 'fulfilledBy') = 'AMAZON' as last_fba
       from amazon_sku s ${joinBinding('b', { backendId: 's.backend_id', kind: 'product', amazonKey: 's.sku' })}
       left join fetched_document d on d.backend_id = s.backend_id and d.kind = 'order' and d.key = s.last_order_id
      where s.backend_id = $1 and ${product} is not null and ($2::int[] is null or ${product} = any($2::int[]))
        and ($3::text[] is null or s.sku = any($3::text[]))
      order by s.sku`,
    [backendId, productIds ? [...productIds] : null, skus ? [...skus] : null],
  );
  return rows.map((r) => ({ sku: r.sku, productId: Number(r.product_id), lastOrderFba: r.last_fba === true, lastOrderMerchant: r.last_fba === false }));
}
