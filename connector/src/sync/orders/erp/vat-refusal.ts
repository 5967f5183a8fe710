/**
 * A business buyer's VAT number that the ERP refuses (Odoo's `base_vat` check on res.partner): told from other
 * validation errors, and turned into a reason fit to show — Odoo's message names the partner (the buyer's company)
 * and the number, which must reach neither the API nor the logs.
 *
 * Odoo answers `ValidationError` "\nThe VAT number [123456789] for partner [Acme GmbH] does not seem to be valid.
 * \nNote: the expected format is DE123456788 or 12/345/67890" (the number without its country prefix; the text is
 * translated into the ERP user's language). So a refusal is recognised by the number it quotes, in any language,
 * or by Odoo's English wording.
 */
import { ConflictError, type SyncError } from '../../../core/errors.ts';

/** The number without spaces, dots or dashes, upper case ("de 123.456.788" -> "DE123456788"). */
const compact = (vat: string): string => vat.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

/** The part after a two-letter country prefix (what Odoo quotes), or the whole number when it has none. */
function nationalPart(vat: string): string {
  const c = compact(vat);
  return /^[A-Z]{2}/.test(c) ? c.slice(2) : c;
}

/** The number as it may be shown: its country prefix and last two characters, the rest masked ("DE*******89"). */
export function maskVat(vat: string): string {
  const c = compact(vat);
  const prefix = /^[A-Z]{2}/.test(c) ? c.slice(0, 2) : '';
  const rest = c.slice(prefix.length);
  return `${prefix}${'*'.repeat(Math.max(0, rest.length - 2))}${rest.slice(-2)}`;
}

const ENGLISH = /The VAT number .* does not seem to be valid/s;

/** Whether `error`, from creating a partner with VAT number `vat`, is the ERP refusing that number. */
export function isVatRefusal(error: SyncError, vat: string): boolean {
  if (error.code !== 'ERP_VALIDATION') return false;
  const message = typeof error.details.odooMessage === 'string' ? error.details.odooMessage : '';
  const quoted = nationalPart(vat);
  return ENGLISH.test(message) || (quoted.length >= 4 && compact(message).includes(quoted));
}

/**
 * Odoo's reason without the buyer's data: every bracketed value (the number, the partner's name) and any other
 * occurrence of the name or the number replaced, whitespace collapsed. Odoo's own example format stays.
 */
export function sanitisedVatReason(error: SyncError, buyer: { name: string; vat: string }): string {
  let text = typeof error.details.odooMessage === 'string' ? error.details.odooMessage : error.message;
  text = text.replace(/\[[^\]]*\]/g, '[…]');
  for (const secret of [buyer.name, buyer.vat, compact(buyer.vat), nationalPart(buyer.vat)]) {
    if (secret.trim().length >= 3) text = text.split(secret).join('…');
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/** The conflict of an order whose buyer VAT number the ERP refuses (setting `vat.invalidBuyerVat: wait`). */
export function buyerVatRefused(error: SyncError, buyer: { name: string; vat: string }): ConflictError {
  const masked = maskVat(buyer.vat);
  const reason = sanitisedVatReason(error, buyer);
  return new ConflictError(
    'BUYER_VAT_REFUSED',
    `The ERP refused the buyer's VAT number ${masked} (${reason}). Correct the number or the ERP's VAT check and retry, or set vat.invalidBuyerVat to import_without_vat`,
    { vat: masked, erpReason: reason, exceptionName: error.details.exceptionName ?? null },
  );
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The ERP contact's internal note (res.partner `comment`) when it is created without the refused number
 * (`vat.invalidBuyerVat: import_without_vat`): the number is kept there, beside the contact, for whoever corrects
 * it in the ERP (the ERP may hold the buyer's data; the connector's API and logs may not).
 */
export function vatRefusedNote(vat: string): string {
  return `<p>Buyer VAT number refused by the ERP's check: ${escapeHtml(vat)}. The contact was created without it; correct the number in the Tax ID field.</p>`;
}
