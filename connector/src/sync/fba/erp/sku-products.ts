/**
 * SKU -> ERP product, as the order flow resolves it: the backend's `sku_map` row first (an integrator's mapping),
 * else the product whose internal reference is the SKU. Several SKUs may share one product.
 */
import type { CoreServices } from '../../../core/services.ts';
import type { SkuMapValue } from '../../orders/index.ts';
import type { PoolStockGateway } from './pool-stock.gateway.ts';

/** The ERP product of each SKU that has one. */
export async function productsOfSkus(core: Pick<CoreServices, 'lookups'>, gw: Pick<PoolStockGateway, 'productsByCode'>, backendId: number, skus: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(skus.filter(Boolean))];
  const out = new Map<string, number>();
  if (!wanted.length) return out;
  for (const [sku, v] of await core.lookups.getMany<SkuMapValue>(backendId, 'sku_map', wanted)) out.set(sku, v.productId);
  const rest = wanted.filter((s) => !out.has(s));
  for (const [sku, id] of await gw.productsByCode(rest)) out.set(sku, id);
  return out;
}
