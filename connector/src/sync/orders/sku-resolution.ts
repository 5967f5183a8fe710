/**
 * SKU -> ERP product for a batch: the backend's SKU table wins, else a product whose internal reference is the SKU.
 * A SKU whose product is archived in the ERP (mapped to one, or whose only product of that reference is archived)
 * resolves to no product but is told apart: the order becomes PRODUCT_ARCHIVED (activate_and_retry), not
 * SKU_UNMAPPED, and an archived product is never sold. Odoo's search hides archived products, so the reference
 * search looks with `active_test: false`; mapped products are read by id, which sees them whatever their state.
 */
import type { CoreServices } from '../../core/services.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { SkuMapValue } from './orders.lookups.ts';
import type { OrderReference } from './reference-cache.ts';
import type { ArchivedProduct } from './mapping/order-map-context.ts';
import { productStates, productsByCodeAnyState } from './erp/product-state.gateway.ts';
import { noteImplicitMatches, type ImplicitMatch } from './skus/seen-skus.ts';

export interface ResolvedSkus {
  productIdBySku: Map<string, number>;
  archivedBySku: Map<string, ArchivedProduct>;
}

/** Resolves `skus` (one SKU-table query, at most one ERP read for mapped products and one search for the rest). */
export async function resolveSkus(core: CoreServices, rt: BackendRuntime, ref: OrderReference, skus: readonly string[]): Promise<ResolvedSkus> {
  const wanted = [...new Set(skus)];
  const out: ResolvedSkus = { productIdBySku: new Map(), archivedBySku: new Map() };
  if (!wanted.length) return out;
  // Never cached: an integrator's mapping (the fix of an SKU_UNMAPPED conflict, a corrected row) must apply to
  // the very next batch, whichever process runs it; so is the mapped product's state (archived since?).
  const mapped = await core.lookups.getMany<SkuMapValue>(rt.backend.id, 'sku_map', wanted);
  const states = await productStates(rt.erp, [...new Set([...mapped.values()].map((v) => v.productId))]);
  for (const [sku, v] of mapped) {
    const s = states.get(v.productId);
    // A product gone altogether stays as mapped: the ERP's refusal names it (as before).
    if (s && !s.active) out.archivedBySku.set(sku, { productId: s.id, name: s.name });
    else out.productIdBySku.set(sku, v.productId);
  }
  const rest = wanted.filter((s) => !mapped.has(s));
  const unseen = rest.filter((s) => !ref.productByCode.has(s));
  const freshNames = new Map<string, string>();
  if (unseen.length) {
    for (const [code, p] of await productsByCodeAnyState(rt.erp, unseen)) {
      // Only active products are remembered: an archived one is looked at again next batch (activated meanwhile?).
      if (p.active) {
        ref.productByCode.set(code, p.id);
        freshNames.set(code, p.name);
      } else out.archivedBySku.set(code, { productId: p.id, name: p.name });
    }
  }
  const implicit = new Map<string, ImplicitMatch>();
  for (const s of rest) {
    const id = ref.productByCode.get(s);
    if (id !== undefined) out.productIdBySku.set(s, id);
    const name = freshNames.get(s);
    implicit.set(s, id === undefined ? null : { productId: id, by: 'default_code', ...(name ? { name } : {}) });
  }
  // What the SKU screen shows: found by internal reference, not "Unmatched" (a connector write, not the ERP's).
  await noteImplicitMatches(core.pool, rt.backend.id, implicit);
  return out;
}
