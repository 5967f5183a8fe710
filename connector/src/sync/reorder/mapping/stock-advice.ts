/**
 * Stock figures on the advice: per ERP product (several SKUs of one product share its stock, so their demand adds
 * up), what the chosen ERP warehouses hold and expect (on hand + incoming) and what Amazon holds in its FBA pools,
 * the days each lasts at that demand, the quantity to order, and the reordering rule the ERP warehouse gets (the
 * advice's min/max less what the FBA pools hold: Odoo orders max - forecast of its warehouse only, so without it the
 * units already at Amazon would be bought again). Pure.
 *
 * FBA counts fulfillable plus the units Amazon holds back for a transfer between its warehouses or for processing
 * (they come back to fulfillable); units reserved for customer orders are sold. Amazon's inbound is shown, not
 * added: until Amazon receives them the units are still in the ERP warehouse's stock (the inbound transfer is booked
 * on receipt, sync/fba/README.md), so adding them would count them twice.
 */
import type { ProductStock } from '../erp/stock-levels.gateway.ts';
import type { ForecastTerms } from './forecast.ts';
import { coverDays, orderpointLevels, suggestedQuantity, type SuggestedQuantity } from './reorder-quantity.ts';

export interface FbaPoolStock {
  pool: string;
  fulfillable: number;
  /** Reserved for a transshipment or FC processing: back to fulfillable without a document. */
  reservedReturning: number;
  /** Working + shipped + receiving: shown, not added (see above). */
  inbound: number;
  snapshotAt: string;
}

export interface StockInputs {
  productOf: ReadonlyMap<string, number>;
  erp: ReadonlyMap<number, ProductStock>;
  fba: ReadonlyMap<string, readonly FbaPoolStock[]>;
  warehouseIds: readonly number[];
}

export interface SkuStock {
  /** Null: the SKU has no ERP product (only its FBA stock counts). */
  productId: number | null;
  /** The SKUs of the advice sharing the product: cover and quantity are theirs together. */
  skus: string[];
  dailyDemand: number;
  erp: { warehouseIds: number[]; onHand: number; inbound: number; coverDays: number | null };
  fba: { pools: FbaPoolStock[]; onHand: number; inboundNotCounted: number; coverDays: number | null };
  onHand: number;
  inbound: number;
  coverDays: number | null;
  suggested: SuggestedQuantity;
  /** The rule for the ERP warehouse: min/max of the product's demand less the FBA stock, never below 0. */
  erpOrderpoint: { min: number; max: number };
}

/** The stock figures of every SKU of `items` (sku + dailyDemand), grouped by product. */
export function stockFigures(items: ReadonlyArray<{ sku: string; dailyDemand: number }>, inputs: StockInputs, termsOf: (sku: string) => ForecastTerms): Map<string, SkuStock> {
  const groups = new Map<string, string[]>();
  for (const i of items) {
    const p = inputs.productOf.get(i.sku);
    const key = p === undefined ? `sku:${i.sku}` : `product:${p}`;
    groups.set(key, [...(groups.get(key) ?? []), i.sku]);
  }
  const demandOf = new Map(items.map((i) => [i.sku, i.dailyDemand]));
  const out = new Map<string, SkuStock>();
  for (const skus of groups.values()) {
    const productId = inputs.productOf.get(skus[0]!) ?? null;
    const demand = skus.reduce((a, s) => a + (demandOf.get(s) ?? 0), 0);
    const erp = productId === null ? { onHand: 0, incoming: 0 } : (inputs.erp.get(productId) ?? { onHand: 0, incoming: 0 });
    const pools = skus.flatMap((s) => inputs.fba.get(s) ?? []);
    const fbaOnHand = pools.reduce((a, p) => a + p.fulfillable + p.reservedReturning, 0);
    const onHand = Math.max(0, erp.onHand) + fbaOnHand;
    for (const sku of skus) {
      const terms = termsOf(sku);
      const levels = orderpointLevels(demand, terms);
      out.set(sku, {
        productId, skus, dailyDemand: demand,
        erp: { warehouseIds: [...inputs.warehouseIds], onHand: erp.onHand, inbound: erp.incoming, coverDays: coverDays(demand, erp.onHand, erp.incoming) },
        fba: { pools, onHand: fbaOnHand, inboundNotCounted: pools.reduce((a, p) => a + p.inbound, 0), coverDays: coverDays(demand, fbaOnHand, 0) },
        onHand, inbound: erp.incoming, coverDays: coverDays(demand, onHand, erp.incoming),
        suggested: suggestedQuantity(demand, onHand, erp.incoming, terms),
        erpOrderpoint: { min: Math.max(0, levels.min - fbaOnHand), max: Math.max(0, levels.max - fbaOnHand) },
      });
    }
  }
  return out;
}
