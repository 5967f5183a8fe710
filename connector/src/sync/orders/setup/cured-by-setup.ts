/**
 * The order conflicts the set-up can cure, each with the set-up problem codes that mean it may not be cured yet.
 * After a set-up run that reported none of a code's blockers, the backend's open order conflicts of that code are
 * retried by themselves (sync/frame/setup.ts). A new set-up matter is one line here: its conflict code and the
 * problems that keep it (usually itself).
 */
import type { SetupCures } from '../../frame/flow-conflicts.ts';

export const ordersCuredBySetup: SetupCures = {
  // "Marketplace X is not configured" / "service products missing": the marketplace map needs the currency's
  // pricelist, so an inactive or unknown currency keeps it too.
  SETUP_INCOMPLETE: ['SETUP_INCOMPLETE', 'CURRENCY_INACTIVE', 'CURRENCY_UNKNOWN'],
  CURRENCY_INACTIVE: ['CURRENCY_INACTIVE'],
  // A tax cannot exist before its tax group, nor be chosen before the company's country is known.
  TAX_UNMAPPED: ['TAX_UNMAPPED', 'TAX_GROUP_MISSING', 'COMPANY_COUNTRY_UNKNOWN'],
  // The VAT model's codes (raised by the order mapping): the set-up fills the fiscal position table, and a number
  // added to vat.registrations needs that country's taxes and position before its orders can go.
  FISCAL_POSITION_UNMAPPED: ['FISCAL_POSITION_UNMAPPED', 'COMPANY_COUNTRY_UNKNOWN'],
  VAT_REGISTRATION_MISSING: ['VAT_REGISTRATION_MISSING', 'TAX_UNMAPPED', 'TAX_GROUP_MISSING', 'FISCAL_POSITION_UNMAPPED', 'COMPANY_COUNTRY_UNKNOWN'],
  // Not here: CURRENCY_UNKNOWN (an order in another currency than its marketplace's: no set-up changes that) and
  // COUNTRY_UNKNOWN (a country missing in the ERP: the set-up neither checks nor creates countries).
};
