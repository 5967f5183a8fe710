/**
 * The stock behind the advice's cover and quantity, per SKU: its ERP product (the order flow's SKU resolution) with
 * that product's stock in the chosen ERP warehouses (on hand + incoming), and Amazon's figures per FBA pool as the
 * fba-stock flow's last snapshot stored them. Read at request time; the ERP is asked once per warehouse and 200
 * products.
 */
import type { Queryable } from '../../../core/sql.ts';
import type { Binder } from '../../../core/binding/binder.ts';
import type { BackendSettings } from '../../../core/backend/settings/index.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { fbaSettings, poolLocations, poolsOf } from '../../fba/index.ts';
import { storedStock } from '../../fba-stock/index.ts';
import { skuProducts } from '../../orders/index.ts';
import { stockLevelsGateway, type ProductStock } from '../erp/stock-levels.gateway.ts';
import type { FbaPoolStock, StockInputs } from '../mapping/stock-advice.ts';
import { reorderSettings } from '../reorder.settings.ts';

export interface StockSource {
  db: Queryable;
  binder: Binder;
  erp: ErpPort;
  backendId: number;
  marketplaceIds: readonly string[];
  settings: BackendSettings;
}

/** The ERP warehouses of the backend's FBA pools that are set up (their stock is Amazon's to report). */
export async function fbaWarehouses(binder: Binder, backendId: number, settings: BackendSettings, marketplaceIds: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const pool of poolsOf(fbaSettings.of(settings).pools ?? {}, marketplaceIds).pools.keys()) {
    const loc = await poolLocations(binder, backendId, pool);
    if (loc) out.push(loc.warehouseId);
  }
  return out;
}

/** The stock inputs of `skus`. */
export async function stockInputs(src: StockSource, skus: readonly string[]): Promise<StockInputs> {
  const gw = stockLevelsGateway(src.erp);
  const products = await skuProducts(src.db, src.backendId, undefined, skus);
  const warehouseIds = await gw.warehouses(reorderSettings.of(src.settings).warehouses, await fbaWarehouses(src.binder, src.backendId, src.settings, src.marketplaceIds));
  const erp: Map<number, ProductStock> = await gw.stockOf(products.map((p) => p.productId), warehouseIds);
  const fba = new Map<string, FbaPoolStock[]>();
  // every SKU asked, with a product or not: a SKU sold through FBA only still has its FBA stock
  const wanted = new Set(skus);
  for (const r of await storedStock(src.db, src.backendId, { limit: 1_000_000 })) {
    if (!wanted.has(r.sellerSku)) continue;
    fba.set(r.sellerSku, [...(fba.get(r.sellerSku) ?? []), {
      pool: r.pool, fulfillable: r.fulfillable, reservedReturning: r.reservedPendingTransshipment + r.reservedFcProcessing,
      inbound: r.inboundWorking + r.inboundShipped + r.inboundReceiving, snapshotAt: r.snapshotAt.toISOString(),
    }]);
  }
  return { productOf: new Map(products.map((p) => [p.sku, p.productId])), erp, fba, warehouseIds };
}
