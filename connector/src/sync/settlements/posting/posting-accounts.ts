/**
 * Where each settlement amount goes (pure, no ERP): the default table per amount type, the per-backend overrides,
 * and the accounts the set-up finds by code or creates. Amounts of known orders' sales and refunds (ItemPrice,
 * Promotion) are the order's net, posted on the buyer's receivable to clear its invoice and credit notes; the rest
 * goes to an account by role (fees, reimbursements, reserve, tax Amazon withheld, other) or to an account code a
 * backend names for that amount type.
 */
import type { PostingRole } from './posting.settings.ts';

/** A role's default account: found by `code`, created with these values when the chart has none. */
export interface AccountDefault { code: string; name: string; accountType: string; reconcile: boolean }

/**
 * Codes chosen free in Odoo's generic chart (17-19): 1014xx current assets next to the bank accounts, 6201xx next
 * to Bank Fees, 7581xx other income. A chart that uses them otherwise names its own (`postingAccountCodes`).
 */
export const ACCOUNT_DEFAULTS: Readonly<Record<PostingRole, AccountDefault>> = {
  // Every entry of a settlement runs through it; the deposit entry empties it (reconcilable: its lines can be matched).
  clearing: { code: '101410', name: 'Amazon Clearing', accountType: 'asset_current', reconcile: true },
  // The net deposit waits here for the payout's bank line to clear it.
  transfers: { code: '101420', name: 'Amazon Transfers', accountType: 'asset_current', reconcile: true },
  fees: { code: '620100', name: 'Amazon Fees', accountType: 'expense', reconcile: false },
  reimbursements: { code: '758100', name: 'Amazon Reimbursements', accountType: 'income_other', reconcile: false },
  // Amazon's reserve is the seller's money held back: an asset, released by the next settlement.
  reserve: { code: '101430', name: 'Amazon Reserve', accountType: 'asset_current', reconcile: false },
  // Tax Amazon collected and remitted itself (marketplace facilitator): not the seller's to pay again.
  withheldTax: { code: '101440', name: 'Amazon Withheld Tax', accountType: 'asset_current', reconcile: true },
  other: { code: '620190', name: 'Amazon Other Charges', accountType: 'expense', reconcile: false },
  // Sales of orders the connector never imported (no invoice to clear): kept apart for a person to book.
  unmatched: { code: '101450', name: 'Amazon Unmatched Orders', accountType: 'asset_current', reconcile: true },
};

/** The customer's side of an order: what the buyer paid or was refunded, cleared against the invoice and credit notes. */
const CUSTOMER_TYPES = new Set(['ItemPrice', 'Promotion']);

export interface AmountKey { transactionType: string; amountType: string; amountDescription: string; orderKnown: boolean | null }
export type Destination = { kind: 'order' } | { kind: 'role'; role: PostingRole } | { kind: 'code'; code: string };

/** The default table: which role an amount belongs to when no override names its account. */
export function defaultRole(k: AmountKey): PostingRole | 'order' {
  const d = k.amountDescription.toLowerCase();
  const t = k.transactionType.toLowerCase();
  if (CUSTOMER_TYPES.has(k.amountType)) return k.orderKnown ? 'order' : 'unmatched';
  if (k.amountType === 'ItemWithheldTax') return 'withheldTax';
  if (d.includes('reserve')) return 'reserve';
  if (d.includes('reimbursement') || t.includes('reimbursement') || k.amountType.toLowerCase().includes('reimbursement')) return 'reimbursements';
  if (k.amountType === 'ItemFees' || d.includes('fee') || d.includes('commission') || d.includes('advertising') || k.amountType.toLowerCase().includes('advertising')) return 'fees';
  return 'other';
}

/** An amount's destination: the backend's override by "type/description", then by type, then the default table. */
export function destinationOf(k: AmountKey, overrides: Readonly<Record<string, string>>): Destination {
  const role = defaultRole(k);
  // A known order's sale stays on the buyer's receivable whatever the overrides say: it clears the invoice.
  if (role === 'order') return { kind: 'order' };
  const code = overrides[`${k.amountType}/${k.amountDescription}`] ?? overrides[k.amountType];
  return code ? { kind: 'code', code } : { kind: 'role', role };
}

/**
 * The fee type of an amount the default table sends to `fees`: the line of Amazon's vendor bill it is summed into
 * (referral, FBA fulfilment, storage, subscription, advertising, refund administration; any other fee under its own
 * description, so the bill says what Amazon charged).
 */
export function feeType(k: AmountKey): string {
  const d = k.amountDescription.toLowerCase().replace(/[\s_-]+/g, '');
  const t = k.amountType.toLowerCase();
  if (d === 'refundcommission') return 'Refund administration fees';
  if (d === 'commission' || d.includes('referral')) return 'Referral fees';
  if (d.includes('storage')) return 'FBA storage fees';
  if (d.startsWith('fba') && (d.includes('fulfil') || d.includes('weightbased') || d.includes('perunit') || d.includes('perorder'))) return 'FBA fulfilment fees';
  if (d.includes('subscription')) return 'Subscription fees';
  if (d.includes('advertising') || t.includes('advertising')) return 'Advertising';
  return k.amountDescription.trim().slice(0, 120) || k.amountType;
}
