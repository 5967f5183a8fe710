/**
 * Which parts of an Amazon order are buyer PII, and how they are cut out and put back. The buyer and the recipient
 * are whole top-level parts; the buyer's tax registrations (a business buyer's legal name, VAT number and
 * registered address) sit inside `tax.taxRegistrations` beside the marketplace's and the seller's own, which are
 * not personal and stay readable. Everything cut out here is only ever stored sealed, and dropped at redaction.
 */

/** Top-level order parts that are buyer PII. */
export const PII_PARTS = ['buyer', 'recipient'] as const;

/** Registrations of these entity types are the marketplace's or the seller's, not the buyer's: they stay in clear. */
const NOT_PERSONAL = new Set(['MARKETPLACE', 'SELLER']);

/** The key under which the original `tax.taxRegistrations` is kept in the sealed part. */
const TAX_REGISTRATIONS = 'taxRegistrations';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const personal = (r: unknown) => !isObject(r) || !NOT_PERSONAL.has(String(r.entityType ?? ''));

/** Splits an order into its PII-free payload and its PII parts (null when it has none). */
export function splitPii(order: Record<string, unknown>): { payload: Record<string, unknown>; pii: Record<string, unknown> | null } {
  const payload = { ...order };
  const pii: Record<string, unknown> = {};
  for (const part of PII_PARTS) {
    if (part in payload) {
      pii[part] = payload[part];
      delete payload[part];
    }
  }
  const tax = payload.tax;
  if (isObject(tax) && TAX_REGISTRATIONS in tax) {
    const regs = tax[TAX_REGISTRATIONS];
    // A malformed value (not a list) is sealed whole: nothing tells what it holds.
    const kept = Array.isArray(regs) ? regs.filter((r) => !personal(r)) : [];
    if (!Array.isArray(regs) || kept.length < regs.length) {
      // The original list is sealed as is, so putting it back restores the order exactly (same entries, same order).
      pii[TAX_REGISTRATIONS] = regs;
      const rest = { ...tax };
      if (kept.length) rest[TAX_REGISTRATIONS] = kept;
      else delete rest[TAX_REGISTRATIONS];
      payload.tax = rest;
    }
  }
  return { payload, pii: Object.keys(pii).length ? pii : null };
}

/** Puts opened PII parts back into a stored payload (the inverse of splitPii). */
export function joinPii(payload: Record<string, unknown>, pii: Record<string, unknown> | null): Record<string, unknown> {
  if (!pii) return { ...payload };
  const { [TAX_REGISTRATIONS]: regs, ...parts } = pii;
  const order: Record<string, unknown> = { ...payload, ...parts };
  if (regs !== undefined) order.tax = { ...(isObject(payload.tax) ? payload.tax : {}), [TAX_REGISTRATIONS]: regs };
  return order;
}
