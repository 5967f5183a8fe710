/**
 * Which Buy Shipping API an attempt uses: Merchant Fulfillment v0 for the marketplaces the backend names in
 * `labels.merchantFulfillmentMarketplaces` (those Shipping v2 does not serve; Amazon publishes no table of them),
 * Shipping v2 everywhere else. Decided while nothing was sent for the attempt; one under way keeps its own.
 */
import type { BuyContext } from './buy-label.ts';
import type { LabelDelivery } from './label-delivery.ts';
import type { LabelRow } from './label-store.ts';
import { mfnColumns, setTransport, type LabelTransport } from './mfn-store.ts';

export const transportForMarketplace = (marketplaceId: string, mfnMarketplaces: readonly string[]): LabelTransport =>
  (mfnMarketplaces.includes(marketplaceId) ? 'merchantFulfillment' : 'shippingV2');

export async function transportOf(ctx: BuyContext, d: LabelDelivery, row: LabelRow): Promise<LabelTransport> {
  const db = ctx.env.db.pool;
  const backendId = ctx.rt.backend.id;
  const cols = await mfnColumns(db, backendId, row.idempotencyKey);
  if (row.state === 'bought' || row.state === 'buying' || cols.purchaseSentAt) return cols.transport;
  const t = transportForMarketplace(d.windows.marketplaceId, ctx.settings.merchantFulfillmentMarketplaces);
  if (t !== cols.transport) await setTransport(db, backendId, row.idempotencyKey, t);
  return t;
}
