/**
 * The lookup tables the order flow reads, with their key formats and value schemas: ordinary lookup tables
 * (editable like any other), validated on write. `sku_map` is stored as product bindings (core/binding) so that
 * the flows that push to a product (stock) find it, versioned, with what they last pushed.
 */
import { Type, type Static } from 'typebox';
import type { LookupTableSpec } from '../../core/lookup/index.ts';
import { canonicalRate } from '../../core/vat/index.ts';

/** seller SKU -> ERP product (several SKUs may share one product). */
export const SkuMapValue = Type.Object({ productId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** (VAT regime, ship-to country, rate[, marketplace]) -> ERP tax; priceIncluded where Amazon's prices include the tax. */
export const TaxMapValue = Type.Object(
  { taxId: Type.Integer({ minimum: 1 }), priceIncluded: Type.Boolean() },
  { additionalProperties: false },
);

/** (regime, ship-to country[, marketplace]) -> the ERP fiscal position every such order carries explicitly (null: none). */
export const FiscalPositionMapValue = Type.Object(
  { fiscalPositionId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
  { additionalProperties: false },
);

/**
 * seller SKU (or `*`: every SKU without a row) -> the product's tax class: the rate of a VAT-inclusive amount Amazon
 * gave without its tax (`standard`, `reduced`, `zero`; `rates` pins the rate per country where a class has several).
 */
export const TaxClassMapValue = Type.Object(
  {
    class: Type.Union([Type.Literal('standard'), Type.Literal('reduced'), Type.Literal('zero')]),
    rates: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Z]{2}$' }), Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,3})?$' }))),
  },
  { additionalProperties: false },
);

/** marketplace -> sales team, pricelist, warehouse and currency in the ERP. */
export const MarketplaceMapValue = Type.Object(
  {
    teamId: Type.Integer({ minimum: 1 }),
    pricelistId: Type.Integer({ minimum: 1 }),
    warehouseId: Type.Integer({ minimum: 1 }),
    currencyCode: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);

/** (Amazon shipping service level or *, [marketplace]) -> the ERP delivery.carrier the new sale order gets. */
export const CarrierMapValue = Type.Object({ carrierId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export type CarrierMapValue = Static<typeof CarrierMapValue>;
export type SkuMapValue = Static<typeof SkuMapValue>;
export type TaxMapValue = Static<typeof TaxMapValue>;
export type MarketplaceMapValue = Static<typeof MarketplaceMapValue>;
export type FiscalPositionMapValue = Static<typeof FiscalPositionMapValue>;
export type TaxClassMapValue = Static<typeof TaxClassMapValue>;

/** The order flow's tables, handed to the core services (boot) and, later, declared by the flow. */
export const ordersLookupTables: readonly LookupTableSpec[] = [
  {
    name: 'sku_map',
    description: 'seller SKU -> ERP product ({productId}); stored as product bindings',
    value: SkuMapValue,
    binding: { kind: 'product', erpModel: 'product.product', idField: 'productId' },
  },
  {
    name: 'tax_map',
    description:
      "VAT regime|ship-to COUNTRY|rate in percent[|marketplace] -> ERP tax ({taxId, priceIncluded}); regime 'any' is a fallback for every regime except at 0 %; a marketplace's row wins over the row without one",
    value: TaxMapValue,
  },
  {
    name: 'fiscal_position_map',
    description: 'VAT regime|ship-to COUNTRY[|marketplace] -> ERP fiscal position ({fiscalPositionId}, null for none), set on every order; a marketplace\'s row wins',
    value: FiscalPositionMapValue,
  },
  {
    name: 'tax_class_map',
    description: "seller SKU (or * for all) -> tax class ({class: standard|reduced|zero, rates?: {COUNTRY: rate}}): the rate of a VAT-inclusive price Amazon gave without its tax",
    value: TaxClassMapValue,
  },
  { name: 'marketplace_map', description: 'marketplace -> ERP team, pricelist, warehouse, currency', value: MarketplaceMapValue },
  {
    name: 'service_level_carriers',
    description: "Amazon shipping service level (fulfillmentServiceLevel: STANDARD, NEXT_DAY... or * for all)[|marketplace] -> ERP delivery.carrier ({carrierId}) of new merchant orders; the most specific row wins, none: no carrier",
    value: CarrierMapValue,
  },
];

export { canonicalRate };
