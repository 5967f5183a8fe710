/**
 * Field names that differ between Odoo versions (see the VERSION DIFFERENCES table of the Odoo reference). The
 * flows ask the dialect instead of testing version numbers, so supporting a new version is one entry here.
 */
import { PermanentError } from '../core/errors.ts';
import type { Domain, Vals } from './erp-port.ts';

/**
 * The ERP version as the connector speaks it: the one version type (a server newer than 19 speaks like 19). The
 * backend record stores it as text (`'19'`), detected at first connect unless set by hand.
 */
export type ErpVersion = 17 | 18 | 19;

export interface ErpDialect {
  /** The server's major version (20 for an Odoo 20). */
  readonly major: number;
  /** The known version whose field names this dialect uses (19 for an Odoo 20). */
  readonly version: ErpVersion;
  /** sale.order.line many2many of taxes: `tax_ids` (19) or `tax_id` (17, 18). */
  readonly saleLineTaxesField: 'tax_ids' | 'tax_id';
  /** sale.order.line unit of measure: `product_uom_id` (19) or `product_uom` (17, 18). */
  readonly saleLineUomField: 'product_uom_id' | 'product_uom';
  /** product.product values that make a storable (stock-tracked) product. */
  readonly storableProductVals: Vals;
  /** A domain that selects storable products. */
  readonly storableProductDomain: Domain;
  /** account.tax values that say whether the price includes the tax. */
  taxPriceIncludeVals(included: boolean): Vals;
  /** Whether the server speaks JSON-2 (`/json/2/<model>/<method>` with a bearer API key). */
  readonly hasJson2: boolean;
  /**
   * "Send & Print" of ONE invoice, the public way to have Odoo render its PDF and keep it (an `ir.attachment` of
   * `account.move.invoice_pdf_report_file`): the wizard's model and its values with no email sent and nothing
   * downloaded. 17: the transient `account.move.send` (`move_ids`, `checkbox_send_mail`, `checkbox_download`);
   * 18+: `account.move.send.wizard` (`move_id`, `sending_method_checkboxes`, which defaults to email: given empty).
   * Either is created with the `active_model`/`active_ids` context and run with `action_send_and_print`.
   */
  invoiceSendWizard(moveId: number): { model: 'account.move.send' | 'account.move.send.wizard'; vals: Vals };
}

/** Oldest major version whose API the connector knows (move `quantity` + `picked` appeared in 17). */
export const MIN_SUPPORTED_MAJOR = 17;

const odoo17: ErpDialect = {
  major: 17,
  version: 17,
  saleLineTaxesField: 'tax_id',
  saleLineUomField: 'product_uom',
  storableProductVals: Object.freeze({ type: 'product' }),
  storableProductDomain: Object.freeze([['type', '=', 'product']] as const),
  // 17 has a plain boolean on the tax.
  taxPriceIncludeVals: (included) => ({ price_include: included }),
  hasJson2: false,
  invoiceSendWizard: (moveId) => ({ model: 'account.move.send', vals: { move_ids: [[6, 0, [moveId]]], checkbox_send_mail: false, checkbox_download: false } }),
};

const odoo18: ErpDialect = {
  major: 18,
  version: 18,
  saleLineTaxesField: 'tax_id',
  saleLineUomField: 'product_uom',
  storableProductVals: Object.freeze({ type: 'consu', is_storable: true }),
  storableProductDomain: Object.freeze([['is_storable', '=', true]] as const),
  // From 18 `price_include` is computed from this override or the company's default: set the override, so the
  // tax means the same whatever the company's default is.
  taxPriceIncludeVals: (included) => ({ price_include_override: included ? 'tax_included' : 'tax_excluded' }),
  hasJson2: false,
  invoiceSendWizard: (moveId) => ({ model: 'account.move.send.wizard', vals: { move_id: moveId, sending_method_checkboxes: {} } }),
};

const odoo19: ErpDialect = { ...odoo18, major: 19, version: 19, saleLineTaxesField: 'tax_ids', saleLineUomField: 'product_uom_id', hasJson2: true };

/** The dialect for a server's major version; versions newer than the newest known speak like the newest. */
export function dialectFor(major: number): ErpDialect {
  if (!Number.isInteger(major) || major < MIN_SUPPORTED_MAJOR) {
    throw new PermanentError('CONFIG_INVALID', `Odoo ${major} is not supported (17 or newer is needed)`, { major });
  }
  if (major === 17) return odoo17;
  if (major === 18) return odoo18;
  return major === 19 ? odoo19 : { ...odoo19, major };
}
