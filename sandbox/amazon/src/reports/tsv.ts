/** Amazon's flat files: tab-separated, a header row, CRLF-free lines; tabs and newlines inside a value become spaces. */
import { fromMinor, minorDigits } from '../generator/money.ts';

export function tsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (v: string) => v.replace(/[\t\r\n]+/g, ' ');
  return [columns, ...rows].map((r) => r.map(clean).join('\t')).join('\n') + '\n';
}

/** Countries whose Seller Central writes amounts with a decimal comma (sp-api-notes.md: "95,00" in Europe). */
const DECIMAL_COMMA = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE', 'AT']);

/** An amount as the marketplace's report writes it: `95,00` on Amazon.de, `95.00` on Amazon.co.uk and .com. */
export function localAmount(minor: number, currency: string, country: string): string {
  const s = fromMinor(minor, minorDigits(currency));
  return DECIMAL_COMMA.has(country) ? s.replace('.', ',') : s;
}

/** Amazon's flat-file date-time: ISO 8601 with an explicit +00:00 offset, whole seconds. */
export const reportTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
