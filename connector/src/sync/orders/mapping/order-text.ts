/**
 * NUL characters and lone UTF-16 surrogates in an Amazon order (a JSON string may carry them; the ERP's database,
 * like ours, refuses them). The rule, by what the field is for:
 * - free text a person reads (a title, a gift message, a name, an address line, a reason): the order imports, each
 *   bad character replaced by U+FFFD, and the ERP order's note names the fields (paths, never values);
 * - anything a machine matches or keys on (order and item ids, SKU, ASIN, codes, e-mail, postal code, phone,
 *   tracking number, VAT number, ...): the order is an `INVALID_TEXT` conflict naming the fields, nothing written.
 * The stored order keeps what Amazon sent (escaped, core/storable-text.ts); only the mapper's copy is cleaned.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { replaceUnsafeDeep, unsafeTextPaths } from '../../../core/storable-text.ts';
import type { MapProblem } from './order-map-context.ts';

/** Free-text parts of any address (delivery, tax registration, ship-from). */
const ADDRESS_TEXT = '(name|companyName|addressLine[123]|city|districtOrCounty|stateOrRegion|municipality|extendedFields\\.\\w+)';

/** Paths (indices as `[*]`) of the fields that are free text a person reads. */
const FREE_TEXT: readonly RegExp[] = [
  /^orderItems\[\*\]\.product\.(title|condition\.conditionNote)$/,
  /^orderItems\[\*\]\.fulfillment\.packing\.giftOption\.giftMessage$/,
  /^orderItems\[\*\]\.fulfillment\.picking\.substitutionPreference\.substitutionOptions\[\*\]\.title$/,
  /^orderItems\[\*\]\.cancellation\.cancellation(Request|Execution)\.cancelReason$/,
  /^buyer\.(buyerName|buyerCompanyName|buyerPurchaseOrderNumber)$/,
  /^recipient\.deliveryPreference\.(dropOffLocation|addressInstruction)$/,
  /^tax\.taxRegistrations\[\*\]\.legalName$/,
  /^salesChannel\.(channelName|marketplaceName)$/,
  /^packages\[\*\]\.packageStatus\.detailedStatus$/,
  new RegExp(`^(recipient\\.deliveryAddress|tax\\.taxRegistrations\\[\\*\\]\\.taxRegistrationAddress|packages\\[\\*\\]\\.shipFromAddress)\\.${ADDRESS_TEXT}$`),
];

const isFreeText = (path: string) => FREE_TEXT.some((re) => re.test(path.replace(/\[\d+\]/g, '[*]')));

export type ScreenedOrder =
  | { ok: true; order: Order; replaced: string[] }
  | { ok: false; problem: MapProblem };

/** The order as the mapper may use it, or the INVALID_TEXT problem; `replaced` lists the cleaned free-text fields. */
export function screenOrderText(order: Order): ScreenedOrder {
  const paths = unsafeTextPaths(order);
  if (paths.length === 0) return { ok: true, order, replaced: [] };
  const identity = paths.filter((p) => !isFreeText(p));
  if (identity.length) {
    return {
      ok: false,
      problem: {
        code: 'INVALID_TEXT',
        message: `Amazon sent a NUL or a lone UTF-16 surrogate in ${identity.slice(0, 5).join(', ')}${identity.length > 5 ? ` and ${identity.length - 5} more` : ''}: these fields identify things, so the order cannot be mapped (it is kept as sent; retry once Amazon corrects it)`,
        details: { fields: identity.slice(0, 50), freeTextFields: paths.filter(isFreeText).slice(0, 50) },
      },
    };
  }
  return { ok: true, order: replaceUnsafeDeep(order), replaced: paths };
}

/** The note paragraph saying which fields were cleaned (paths only: the values may be buyer data). */
export function cleanedTextNote(replaced: readonly string[]): string {
  const shown = replaced.slice(0, 10).join(', ');
  return `Amazon sent characters that cannot be kept (NUL or lone UTF-16 surrogates) in ${shown}${replaced.length > 10 ? ` and ${replaced.length - 10} more` : ''}: each is replaced by \uFFFD here; the stored Amazon order keeps them`;
}
