/** Makes the sales history of the sellers whose world asks for one (`world.salesHistory`), at start and on reset. */
import type { SandboxState } from '../state.ts';
import { createRng, mixSeed } from './prng.ts';
import { orderTimes, planSalesHistory } from './sales-history.ts';

/** Generates and stores every planned order (SHIPPED, 3 % CANCELLED: all of it long done), most in the first marketplace. */
export function seedSalesHistory(state: SandboxState): void {
  state.salesHistory.clear();
  const now = state.now();
  for (const seller of state.opts.sellers) {
    const options = seller.world?.salesHistory;
    if (!options) continue;
    const plan = planSalesHistory(state.opts.seed, seller.sellerId, state.catalogue, now, options);
    state.salesHistory.set(seller.sellerId, plan);
    const placed = plan.flatMap((w) => orderTimes(state.opts.seed, seller.sellerId, w).map((t) => ({ t, sku: w.sku })))
      .sort((a, b) => a.t - b.t || (a.sku < b.sku ? -1 : 1));
    const rng = createRng(mixSeed(state.opts.seed, 'history-status', seller.sellerId));
    // Sellers sell most in their first marketplace: weights 1, 1/2, 1/3... (Zipf), so per-marketplace series carry signal.
    const weights = seller.marketplaceIds.map((_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const marketplaceOf = (x: number): string => {
      let edge = 0;
      for (const [i, w] of weights.entries()) if (x < (edge += w / total)) return seller.marketplaceIds[i]!;
      return seller.marketplaceIds.at(-1)!;
    };
    for (const { t, sku } of placed) {
      const status = rng.chance(0.03) ? 'CANCELLED' as const : 'SHIPPED' as const;
      const [order] = state.generator.generate(seller.sellerId, { count: 1, createdFrom: t, createdTo: t, horizonMs: now - 3 * 60_000,
        lifecycle: 'history', status, firstSku: sku, marketplaceId: marketplaceOf(rng.next()) }, (id) => state.store.has(id));
      state.store.put(seller.sellerId, order!);
    }
  }
}
