/**
 * ERP carrier -> Amazon carrier: the backend's overrides first (exact folded name), then the default table (the
 * longest alias found among the name's words, so "DHL eCommerce" beats "DHL"), else `Other` with the ERP's name.
 */
import { carrierKey, nameWords, type NameWord } from './carrier-name.ts';
import { DEFAULT_CARRIERS, OTHER, type CarrierEntry } from './carrier-table.ts';
import type { CarrierMapValue } from './carrier-overrides.lookups.ts';

export interface AmazonCarrier {
  carrierCode: string;
  carrierName: string;
  shippingMethod?: string;
}

/** The override table as read from the lookup store (keys as written; they are folded here). */
export type CarrierOverrides = ReadonlyMap<string, CarrierMapValue> | Readonly<Record<string, CarrierMapValue>>;

interface Alias {
  entry: CarrierEntry;
  /** Folded words, spaces removed ("royalmail"), and how many of them name the carrier (the rest: the method). */
  words: string[];
  carrierWords: number;
}

const ALIASES: Alias[] = DEFAULT_CARRIERS.flatMap((entry) =>
  entry.aliases.map((a) => {
    const [carrier = '', method = ''] = a.split('|');
    const words = `${carrier} ${method}`.trim().split(/\s+/);
    return { entry, words, carrierWords: carrier.trim() ? carrier.trim().split(/\s+/).length : 0 };
  }),
);

interface Found {
  alias: Alias;
  start: number;
  /** Words of the name the alias spans (a glued "RoyalMail" is one word for a two-word alias). */
  end: number;
  carrierEnd: number;
}

/** The alias spanning words[start..], glued or not ("Royal Mail", "RoyalMail", "Royal-Mail"). */
function spanAt(words: readonly NameWord[], start: number, alias: Alias): Found | null {
  const target = alias.words.join('');
  let glued = '';
  let carrierEnd = -1;
  const carrierText = alias.words.slice(0, alias.carrierWords).join('');
  for (let i = start; i < words.length && glued.length < target.length; i++) {
    glued += words[i]!.key;
    if (glued === carrierText) carrierEnd = i + 1;
    if (glued === target) return { alias, start, end: i + 1, carrierEnd: alias.carrierWords === 0 ? start : carrierEnd === -1 ? i + 1 : carrierEnd };
  }
  return null;
}

function findAlias(words: readonly NameWord[]): Found | null {
  let best: Found | null = null;
  for (let start = 0; start < words.length; start++) {
    for (const alias of ALIASES) {
      const f = spanAt(words, start, alias);
      // The most specific wins (the longest alias), then the first in the name.
      if (f && (!best || f.alias.words.join('').length > best.alias.words.join('').length)) best = f;
    }
  }
  return best;
}

function overrideOf(name: string, overrides: CarrierOverrides | undefined): CarrierMapValue | undefined {
  if (!overrides) return undefined;
  const key = name.trim() === '' ? '*' : carrierKey(name);
  const entries = overrides instanceof Map ? [...overrides] : Object.entries(overrides);
  return entries.find(([k]) => (k.trim() === '*' ? '*' : carrierKey(k)) === key)?.[1];
}

const withMethod = (c: AmazonCarrier, method: string): AmazonCarrier => (method ? { ...c, shippingMethod: method.slice(0, 64) } : c);

/** What Amazon is told of the carrier of a delivery whose ERP carrier is `erpCarrierName` (null: none). */
export function carrierFor(erpCarrierName: string | null, overrides?: CarrierOverrides): AmazonCarrier {
  const name = (erpCarrierName ?? '').trim();
  const words = nameWords(name);
  const found = findAlias(words);
  // The method: the words after the carrier's own ("UPS Standard" -> "Standard", "DHL Express" -> "Express").
  const method = found ? words.slice(found.carrierEnd).map((w) => w.text).join(' ') : '';
  const override = overrideOf(name, overrides);
  if (override) {
    const carrierName = override.carrierName ?? (override.carrierCode === OTHER ? name || OTHER : override.carrierCode);
    return withMethod({ carrierCode: override.carrierCode, carrierName }, override.shippingMethod ?? method);
  }
  if (found) return withMethod({ carrierCode: found.alias.entry.carrierCode, carrierName: found.alias.entry.carrierName }, method);
  // Amazon wants the carrier's name with `Other`; a delivery without a carrier says so.
  return { carrierCode: OTHER, carrierName: name ? name.slice(0, 64) : OTHER };
}
