/** The marketplace screen's API shapes: the order flow's own tables (marketplace_map, tax_map, fiscal_position_map, service_level_carriers) as rows. */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../api/schemas.ts';
import { VAT_REGIMES } from '../../../core/vat/index.ts';
import { ERP_CHOICE_KINDS } from './erp-choices.gateway.ts';
import { ANY_LEVEL, SERVICE_LEVELS } from '../mapping/carrier-table.ts';

const ErpId = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO country code' });
export const Regime = Type.Union([...VAT_REGIMES, 'any'].map((r) => Type.Literal(r)), { description: "the order's VAT regime; 'any' is the fallback of every regime except at 0 %" });
export const RateText = Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,3})?$', description: 'rate in percent, decimal text' });
export const MarketplaceIdText = Type.String({ pattern: '^[A-Z0-9]{10,16}$' });
/** A row's marketplace: one of the backend's, or null (absent) for every marketplace; the marketplace's row wins. */
const RowMarketplace = Type.Optional(Type.Union([MarketplaceIdText, Type.Null()], { description: "the marketplace the row is for; null or absent: any marketplace (a marketplace's own row wins over it)" }));
export const ServiceLevel = Type.Union([...SERVICE_LEVELS, ANY_LEVEL].map((l) => Type.Literal(l)), {
  description: "Amazon's shipping service level of the order (Orders v2026-01-01 fulfillment.fulfillmentServiceLevel; v0's ShipmentServiceLevelCategory); '*' for every level",
});

export const MarketplaceValues = Type.Object(
  { warehouseId: ErpId, pricelistId: ErpId, teamId: ErpId, currencyCode: Type.String({ pattern: '^[A-Z]{3}$' }) },
  { additionalProperties: false },
);
export const MarketplaceRow = Type.Object({
  marketplaceId: Type.String(),
  name: Nullable(Type.String({ description: "Amazon's name of the marketplace (Amazon.de); null for an id the connector does not know" })),
  values: Nullable(MarketplaceValues),
});
export const TaxRow = Type.Object({ regime: Regime, country: Country, rate: RateText, marketplaceId: RowMarketplace, taxId: ErpId, priceIncluded: Type.Boolean() }, { additionalProperties: false });
export const FiscalPositionRow = Type.Object({ regime: Regime, country: Country, marketplaceId: RowMarketplace, fiscalPositionId: Nullable(ErpId) }, { additionalProperties: false });
export const CarrierRow = Type.Object({ serviceLevel: ServiceLevel, marketplaceId: RowMarketplace, carrierId: ErpId }, { additionalProperties: false });
export const CarrierSupport = Type.Union([Type.Literal('ok'), Type.Literal('module_missing'), Type.Literal('unknown')], {
  description: "whether the ERP's sales orders take a carrier (sale.order.carrier_id, module stock_delivery): module_missing: carrier rows are not applied and cannot be added; unknown: the ERP did not answer",
});

export const MarketplaceSettingsView = Type.Object(
  {
    marketplaces: Type.Array(MarketplaceRow, { description: "one per marketplace of the backend; values null until set (the set-up fills them)" }),
    taxes: Type.Array(TaxRow),
    fiscalPositions: Type.Array(FiscalPositionRow),
    carriers: Type.Array(CarrierRow, { description: 'the carrier map: the most specific row (level and marketplace, level, * and marketplace, *) gives a new merchant order its carrier; none matching: no carrier' }),
    carrierSupport: CarrierSupport,
    customerStrategy: Type.Union([Type.Literal('per_buyer_email'), Type.Literal('per_order')], { description: 'change it with PATCH /api/backends/{id} (settings.orders.customerStrategy)' }),
  },
  { $id: 'MarketplaceSettings' },
);
export type MarketplaceSettingsT = Static<typeof MarketplaceSettingsView>;
export type TaxRowT = Static<typeof TaxRow>;
export type FiscalPositionRowT = Static<typeof FiscalPositionRow>;
export type MarketplaceValuesT = Static<typeof MarketplaceValues>;
export type CarrierRowT = Static<typeof CarrierRow>;
export type CarrierSupportT = Static<typeof CarrierSupport>;

export const ErpChoiceKind = Type.Union(ERP_CHOICE_KINDS.map((k) => Type.Literal(k)));
export const ErpChoiceView = Type.Object({ id: Type.Integer(), name: Type.String(), detail: Nullable(Type.String()) }, { $id: 'ErpChoice' });

export const marketplaceSchemas = [MarketplaceSettingsView, ErpChoiceView];
