/**
 * What the order mapper needs from its caller: everything it would otherwise read from the ERP or the database,
 * resolved beforehand (once per batch), so the mapper stays pure and a batch of orders costs no round trip.
 */
import type { ErrorCode } from '../../../core/errors.ts';
import type { ErpDialect } from '../../../erp/dialect.ts';
import type { LookupTables, MappingRule } from '../../../core/mapper/mapping-rule.ts';
import type { TaxClass, VatProfile } from '../../../core/vat/index.ts';
import type { TaxTable } from './tax-table.ts';
import type { CarrierTable } from './carrier-table.ts';

/** ERP product ids of the service products set-up creates for the non-product parts of an order. */
export interface ServiceProducts {
  shipping: number;
  giftWrap: number;
  promotion: number;
  rounding: number;
  codFee: number;
  other: number;
}

/** Per-marketplace ERP settings (from the backend's marketplace map). */
export interface MarketplaceSettings {
  /** The currency the pricelist below is in; an order in another currency is a problem. */
  currencyCode?: string;
  pricelistId?: number;
  teamId?: number;
  warehouseId?: number;
  /** The marketplace's country: the ship-to country when an order carries no address. */
  countryCode?: string;
}

/** 'per-email': one ERP customer per buyer e-mail (keyed hash); 'per-order': one per order. */
export type CustomerStrategy = 'per-email' | 'per-order';

/** Odoo's company setting `tax_calculation_rounding_method`. */
export type TaxRoundingMethod = 'round_globally' | 'round_per_line';

/** An archived ERP product a SKU resolves to. */
export interface ArchivedProduct {
  productId: number;
  name: string;
}

export interface OrderMapContext {
  /**
   * Marketplace id -> the stock.warehouse of its FBA pool (the fba flow's set-up binds them): where an FBA order's
   * delivery leaves from. Absent when the backend's fba flow is off.
   */
  fbaWarehouses?: ReadonlyMap<string, number>;
  /** The connected ERP's dialect (`rt.erp.dialect`): the line fields whose names differ by version. */
  dialect: Pick<ErpDialect, 'saleLineTaxesField' | 'saleLineUomField'>;
  marketplaces: ReadonlyMap<string, MarketplaceSettings>;
  /** SKU -> ERP product id; several SKUs may share one product. */
  productIdBySku: ReadonlyMap<string, number>;
  /** SKUs whose ERP product is archived (absent from productIdBySku): PRODUCT_ARCHIVED rather than SKU_UNMAPPED. */
  archivedBySku?: ReadonlyMap<string, ArchivedProduct>;
  serviceProducts: ServiceProducts;
  taxes: TaxTable;
  /**
   * `tax_class_map`: seller SKU (or `*`, for every SKU without its own row) -> the product's tax class, which
   * decides the rate of a VAT-inclusive amount Amazon gave without its tax.
   */
  taxClasses?: ReadonlyMap<string, TaxClass>;
  /**
   * ERP product id -> the tax class its own sales taxes (`taxes_id`) say, for the products whose taxes name one:
   * the class of an SKU without its own `tax_class_map` row (before the `*` row).
   */
  productTaxClasses?: ReadonlyMap<number, TaxClass>;
  /**
   * The seller's VAT position: the backend's `vat` settings, the company country defaulting to the ERP company's
   * fiscal country ('' when neither says: only sales-tax marketplaces can be mapped then).
   */
  vat: VatProfile;
  /**
   * `service_level_carriers`: the ERP carrier of a new merchant order by Amazon's service level and marketplace. Absent when the
   * map is empty or the ERP's sale.order has no `carrier_id` (module stock_delivery missing: the set-up reports it,
   * orders import without a carrier).
   */
  carriers?: CarrierTable;
  /** `fiscal_position_map`: "regime|COUNTRY[|marketplace]" -> the ERP fiscal position (null: explicitly none). */
  fiscalPositions: ReadonlyMap<string, number | null>;
  roundingMethod: TaxRoundingMethod;
  customerStrategy: CustomerStrategy;
  /** A keyed hash (HMAC with the backend's secret): customer and address keys survive PII redaction. */
  keyedHash: (text: string) => string;
  /** ISO country code -> res.country id. */
  countryIdByCode: ReadonlyMap<string, number>;
  /** (ISO country code, Amazon's stateOrRegion) -> res.country.state id, if the ERP knows the state. */
  stateId: (countryCode: string, state: string) => number | undefined;
  /** The ERP's "Units" UoM id; the line's unit field is sent only when given. */
  uomUnitId?: number;
  /** Mapping rows of this backend for the orders flow (override the defaults per field). */
  rules?: readonly MappingRule[];
  lookups?: LookupTables;
  /** True when the ERP order does not exist yet (onlyCreate rows apply). */
  creating: boolean;
}

/** One reason an order cannot be mapped as it is; details are safe to show (no buyer PII). */
export interface MapProblem {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Collects problems, once per distinct key, so one unmapped tax used by three lines is reported once. */
export class ProblemList {
  readonly items: MapProblem[] = [];
  private readonly seen = new Set<string>();

  /** Records a problem unless one with the same key was already recorded. */
  add(code: ErrorCode, message: string, details: Record<string, unknown> = {}, key = `${code}:${message}`): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ code, message, details });
  }
}
