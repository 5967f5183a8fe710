/**
 * ERP carrier names as words: accents dropped, case folded, split on anything that is not a letter or a digit,
 * so "Royal-Mail", "ROYAL MAIL" and "Royal Mail®" read alike. The words keep their written form beside the key
 * (the shipping method sent to Amazon is the seller's own wording).
 */

export interface NameWord {
  /** As written in the ERP (accents kept). */
  text: string;
  /** Lower case, without accents: what the table matches on. */
  key: string;
}

/** Lower case without accents (NFKD, then the combining marks dropped). */
export const foldAccents = (s: string): string => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** The words of a carrier name. */
export function nameWords(name: string): NameWord[] {
  return [...name.normalize('NFC').matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ text: m[0], key: foldAccents(m[0]) }));
}

/** The key a carrier name is stored under in the override table: its words folded and joined by one space. */
export const carrierKey = (name: string): string => nameWords(name).map((w) => w.key).join(' ');
