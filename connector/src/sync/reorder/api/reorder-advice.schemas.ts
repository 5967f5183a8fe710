/** The shapes of `GET /api/backends/:id/reorder-advice` (components `ReorderAdvice`, `ReorderAdviceList`). */
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { Nullable } from '../../../api/schemas.ts';

const Week = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the Monday a week starts (UTC)' });
const Units = Type.Integer({ minimum: 0 });

const Terms = Type.Object({
  leadTimeDays: Units, targetCoverDays: Units, moq: Units, casePack: Type.Integer({ minimum: 1 }), halfLifeWeeks: Type.Number(),
}, { description: "the backend's reorder terms with the SKU's overrides" });

const Seasonality = Type.Object({
  applied: Type.Boolean(),
  reason: Type.Optional(Type.String({ description: 'why not applied (history too short, no sales a year earlier)' })),
  factor: Type.Number({ description: 'ahead index / recent index, clamped to 0.25-4, pulled towards 1 by yearAgoUnits / (yearAgoUnits + 20); 1 when not applied' }),
  rawFactor: Type.Optional(Type.Number({ description: 'the clamped ratio before the pull towards 1' })),
  yearAgoUnits: Type.Optional(Type.Integer({ description: 'units sold in the weeks ahead a year earlier' })),
  aheadIndex: Type.Optional(Type.Number({ description: "the weeks ahead a year earlier, against that span's average" })),
  recentIndex: Type.Optional(Type.Number({ description: "the velocity's weeks a year earlier, against that span's average" })),
  yearAgoFrom: Type.Optional(Week),
  yearAgoWeeks: Type.Optional(Type.Integer()),
});

/** Over the weeks the velocity looked at: the days it counted, and the days out of stock it left out. */
const StockDays = {
  inStockDays: Type.Integer({ minimum: 0, description: "days in stock in the velocity's weeks" }),
  daysOutOfStock: Type.Integer({ minimum: 0, description: "days out of stock in the velocity's weeks (hourly stock samples: at zero for 12 of the sampled hours, or all when fewer), left out of the velocity" }),
};

const MarketplaceDemand = Type.Object({
  marketplaceId: Type.String(),
  dailyDemand: Type.Number({ description: 'units a day expected: velocity x seasonal factor' }),
  unitsPerDay: Type.Number({ description: 'the velocity: recent weeks weigh more, days out of stock left out' }),
  historyWeeks: Type.Integer({ description: 'weeks since the first sale on this marketplace' }),
  weeksUsed: Type.Array(Type.Object({ week: Week, units: Units, inStockDays: Type.Integer({ minimum: 1, maximum: 7 }), weight: Type.Number() })),
  weeksExcluded: Type.Array(Week, { description: 'weeks with no in-stock day' }),
  ...StockDays,
  seasonality: Seasonality,
});

const Suggested = Type.Object({
  quantity: Units,
  needed: Units,
  available: Type.Number(),
  shortfall: Type.Number(),
  roundedBy: Type.Union([Type.Literal('none'), Type.Literal('moq'), Type.Literal('casePack'), Type.Literal('moq+casePack')]),
});

const Cover = Nullable(Type.Number({ description: 'days the stock lasts at the dailyDemand; null when nothing sells' }));
const FbaPool = Type.Object({
  pool: Type.String(), fulfillable: Units, reservedReturning: Units, inbound: Units, snapshotAt: Type.String({ format: 'date-time' }),
});
const Stock = Type.Object({
  productId: Nullable(Type.Integer({ description: "the SKU's ERP product; null: none (its FBA stock only)" })),
  skus: Type.Array(Type.String(), { description: 'the SKUs sharing the product: the figures are theirs together' }),
  dailyDemand: Type.Number({ description: "the demand of those SKUs together" }),
  erp: Type.Object({ warehouseIds: Type.Array(Type.Integer()), onHand: Type.Number(), inbound: Type.Number(), coverDays: Cover }, { description: 'qty_available and incoming_qty in the chosen warehouses' }),
  fba: Type.Object({ pools: Type.Array(FbaPool), onHand: Type.Number(), inboundNotCounted: Type.Number(), coverDays: Cover }, {
    description: "the FBA pools' last snapshot: fulfillable + reserved for transfer or processing; inbound still in the ERP warehouse until received, not added",
  }),
  onHand: Type.Number(),
  inbound: Type.Number(),
  coverDays: Cover,
  suggested: Suggested,
  erpOrderpoint: Type.Object({ min: Units, max: Units }, { description: "the rule the ERP warehouse gets: the orderpoint's min/max less the FBA stock" }),
}, { description: 'null when not read (stock=false)' });

export const ReorderAdvice = Type.Object({
  sku: Type.String(),
  dailyDemand: Type.Number({ description: 'units a day over all marketplaces (they share the stock)' }),
  orderpoint: Type.Object({ min: Units, max: Units }, { description: "a reordering rule's min (the lead time's demand) and max (lead time + target cover)" }),
  terms: Terms,
  ...StockDays,
  marketplaces: Type.Array(MarketplaceDemand),
  stock: Nullable(Stock),
}, { $id: 'ReorderAdvice' });

export const ReorderAdviceList = Type.Object({
  enabled: Type.Boolean({ description: 'reorder.enabled of the backend' }),
  from: Week,
  until: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the Monday after the last complete week read (excluded)' }),
  items: Type.Array(ref(ReorderAdvice)),
}, { $id: 'ReorderAdviceList' });

export const reorderApiSchemas = [ReorderAdvice, ReorderAdviceList];
