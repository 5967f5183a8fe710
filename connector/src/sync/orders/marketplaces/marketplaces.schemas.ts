/** The marketplace screen's API shapes: the order flow's own tables (marketplace_map, tax_map, fiscal_position_map) as rows. */
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../api/schemas.ts';
import { VAT_REGIMES } from '../../../core/vat/index.ts';
import { ERP_CHOICE_KINDS } from './erp-choices.gateway.ts';

const ErpId = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO country code' });
export const Regime = Type.Union([...VAT_REGIMES, 'any'].map((r) => Type.Literal(r)), { description: "the order's VAT regime; 'any' is the fallback of every regime except at 0 %" });
export const RateText = Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,3})?$', description: 'rate in percent, decimal text' });
export const MarketplaceIdText = Type.String({ pattern: '^[A-Z0-9]{10,16}$' });

export const MarketplaceValues = Type.Object(
  { warehouseId: ErpId, pricelistId: ErpId, teamId: ErpId, currencyCode: Type.String({ pattern: '^[A-Z]{3}$' }) },
  { additionalProperties: false },
);
export const MarketplaceRow = Type.Object({ marketplaceId: Type.String(), values: Nullable(MarketplaceValues) });
export const TaxRow = Type.Object({ regime: Regime, country: Country, rate: RateText, taxId: ErpId, priceIncluded: Type.Boolean() }, { additionalProperties: false });
export const FiscalPositionRow = Type.Object({ regime: Regime, country: Country, fiscalPositionId: Nullable(ErpId) }, { additionalProperties: false });

export const MarketplaceSettingsView = Type.Object(
  {
    marketplaces: Type.Array(MarketplaceRow, { description: "one per marketplace of the backend; values null until set (the set-up fills them)" }),
    taxes: Type.Array(TaxRow),
    fiscalPositions: Type.Array(FiscalPositionRow),
    customerStrategy: Type.Union([Type.Literal('per_buyer_email'), Type.Literal('per_order')], { description: 'change it with PATCH /api/backends/{id} (settings.orders.customerStrategy)' }),
  },
  { $id: 'MarketplaceSettings' },
);
export type MarketplaceSettingsT = Static<typeof MarketplaceSettingsView>;
export type TaxRowT = Static<typeof TaxRow>;
export type FiscalPositionRowT = Static<typeof FiscalPositionRow>;
export type MarketplaceValuesT = Static<typeof MarketplaceValues>;

export const ErpChoiceKind = Type.Union(ERP_CHOICE_KINDS.map((k) => Type.Literal(k)));
export const ErpChoiceView = Type.Object({ id: Type.Integer(), name: Type.String(), detail: Nullable(Type.String()) }, { $id: 'ErpChoice' });

export const marketplaceSchemas = [MarketplaceSettingsView, ErpChoiceView];
