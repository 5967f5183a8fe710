/**
 * The order conflicts the set-up can cure, each with the set-up problem codes that mean it may not be cured yet.
 * After a set-up run that reported none of a code's blockers, the backend's open order conflicts of that code are
 * retried by themselves (sync/frame/setup.ts). A new set-up matter is one line here: its conflict code and the
 * problems that keep it (usually itself).
 */
import type { SetupCures } from '../../frame/flow.ts';

export const ordersCuredBySetup: SetupCures = {
  // "Marketplace X is not configured" / "service products missing": the marketplace map needs the currency's
  // pricelist, so an inactive or unknown currency keeps it too.
  SETUP_INCOMPLETE: ['SETUP_INCOMPLETE', 'CURRENCY_INACTIVE', 'CURRENCY_UNKNOWN'],
  CURRENCY_INACTIVE: ['CURRENCY_INACTIVE'],
  TAX_UNMAPPED: ['TAX_UNMAPPED'],
  // Not here: CURRENCY_UNKNOWN (an order in another currency than its marketplace's: no set-up changes that) and
  // COUNTRY_UNKNOWN (a country missing in the ERP: the set-up neither checks nor creates countries).
};
