/**
 * The codes only the order flow raises: what the API answers with each and what it means. Registered with core's
 * `FlowErrorCodes` below, so the flow's `new ConflictError('SKU_UNMAPPED', ...)` is type-checked, and listed in
 * the flow's `errorCodes`, from which the API's error catalogue and the README's table are assembled.
 */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

/** A record that cannot be processed as it is. */
const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });
/** The same, about amounts, taxes or currencies: the panel's accountant may resolve these (api/auth/resolve-rights.ts). */
const money = (description: string): ErrorCodeEntry => ({ status: 422, description, money: true });

export const orderErrorCodes = defineErrorCodes({
  SKU_UNMAPPED: unprocessable('a SKU has no ERP product'),
  PRODUCT_ARCHIVED: unprocessable("the ERP product a SKU maps to (or whose internal reference it is) is archived: details name the SKU and the product; activate_and_retry activates it and imports the order"),
  TAX_UNMAPPED: money('a tax has no ERP tax'),
  TOTAL_MISMATCH: money("the ERP's total differs from Amazon's"),
  TAX_MISMATCH: money("the ERP's tax on an imported order differs from Amazon's (both figures in the conflict)"),
  FISCAL_POSITION_UNMAPPED: money('no fiscal position row for the VAT regime and ship-to country (run the set-up)'),
  VAT_REGISTRATION_MISSING: money('VAT is owed in a country where the seller holds no VAT number (vat.registrations)'),
  BUYER_VAT_REFUSED: money("the ERP refused the business buyer's VAT number (Odoo's base_vat check); the order waits (setting vat.invalidBuyerVat)"),
  ORDER_CHANGED_AFTER_IMPORT: unprocessable('the order changed on Amazon after its import'),
  ORDER_EDITED_IN_ERP: unprocessable('the order was edited in the ERP'),
  ORDER_CANCELLED_AFTER_IMPORT: unprocessable('the order was cancelled on Amazon after its import'),
  ORDER_PENDING: unprocessable('the order is still pending on Amazon'),
  FBA_NOT_SHIPPED: unprocessable('an Amazon-fulfilled order Amazon has not shipped yet: it is imported once shipped'),
  ORDER_NOT_PRICED: money('Amazon has not priced the order yet (no proceeds): it waits until it is'),
  AMOUNT_SHAPE_UNKNOWN: money("an item's proceedsTotal is neither its breakdowns plus TAX nor its breakdowns alone"),
  TAX_RATE_UNDECIDED: money('Amazon gave a VAT-inclusive amount without its tax and the rate cannot be decided (set the sales tax of the product in the ERP, or the tax_class_map row of the SKU)'),
  ORDER_NOT_IMPORTABLE: unprocessable('the order is not one the connector imports'),
  // Amazon's arithmetic and plausibility, checked before anything is written (mapping/amazon-arithmetic.ts).
  AMAZON_TOTAL_INCONSISTENT: money("Amazon's grand total or an order-level breakdown is not the sum of its items' amounts"),
  AMOUNT_SIGN_INVALID: money('an amount has a sign its category cannot have (a negative price, tax or total, a positive discount)'),
  AMOUNT_TOO_LARGE: money('an amount is beyond what the ERP holds to the minor unit (10^12 minor units)'),
  ITEM_QUANTITY_INVALID: unprocessable('an item has a negative quantity, or money for no unit'),
  ORDER_WITHOUT_UNITS: unprocessable('no unit is left to sell on an order Amazon says goes on'),
  DELIVERY_ADDRESS_MISSING: unprocessable('a merchant-fulfilled order without a delivery address (street and country)'),
  // Set-up problems (the setup report; each message says how to fix it by hand, or run the set-up with consent).
  // FISCAL_POSITION_UNMAPPED and VAT_REGISTRATION_MISSING, which the set-up reports too, are declared with the
  // order mapping that raises them (the VAT model's codes).
  TAX_GROUP_MISSING: money("the ERP has no tax group of a tax's country: Odoo refuses the tax without one"),
  ROUNDING_GLOBAL: money("the ERP company rounds taxes globally: its tax differs from Amazon's per-line tax"),
  RATE_MISSING: money('an active foreign currency has no exchange rate: the ERP books its orders at rate 1.0'),
  COMPANY_COUNTRY_UNKNOWN: unprocessable("the ERP company's fiscal country is unknown (or set the backend setting vat.companyCountry)"),
  COMPANY_COUNTRY_MISMATCH: unprocessable("the backend setting vat.companyCountry differs from the ERP company's fiscal country"),
  // The SKU and marketplace screens (skus/, marketplaces/): what a person's mapping names must exist.
  MAPPING_TARGET_NOT_FOUND: unprocessable('an ERP record a mapping names does not exist in the ERP (or is archived): details name it'),
  SKU_NOT_MAPPED: { status: 404, description: 'the SKU has no ERP product to remove' },
  CSV_INVALID: { status: 400, description: 'the CSV file cannot be read (its header must be sku,default_code or sku,product_id); details give the line' },
  MARKETPLACE_UNKNOWN: { status: 400, description: "a marketplace that is not one of the backend's marketplaces" },
});

/** A code of the order flow. */
export type OrderErrorCode = keyof typeof orderErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<OrderErrorCode, true> {}
}

/** The flow's codes as the contract lists them (`FlowDefinition.errorCodes`). */
export const orderErrorList = Object.entries(orderErrorCodes).map(([code, e]) => ({ code, ...e }));
