/**
 * From a daily demand to stock figures: days of cover of what is on hand plus inbound, the quantity to order so
 * that the stock lasts the lead time plus the target cover (rounded up to the case pack, at least the minimum
 * order quantity, 0 when the cover suffices), and the ERP's min/max reordering levels. Whole units. Pure.
 */

export interface ReorderTerms {
  leadTimeDays: number;
  targetCoverDays: number;
  /** Minimum order quantity (units); 0: none. */
  moq: number;
  /** Units per case: orders are whole cases. */
  casePack: number;
}

export interface SuggestedQuantity {
  quantity: number;
  /** Units the demand needs over lead time + target cover. */
  needed: number;
  available: number;
  /** needed - available before rounding (<= 0: the cover suffices). */
  shortfall: number;
  roundedBy: 'none' | 'moq' | 'casePack' | 'moq+casePack';
}

/** Checks the terms (settings were validated; a per-product override is checked again here). */
export function checkTerms(t: ReorderTerms): void {
  for (const k of ['leadTimeDays', 'targetCoverDays', 'moq'] as const) {
    if (!Number.isInteger(t[k]) || t[k] < 0) throw new RangeError(`${k} must be a whole number >= 0, got ${t[k]}`);
  }
  if (!Number.isInteger(t.casePack) || t.casePack < 1) throw new RangeError(`casePack must be a whole number >= 1, got ${t.casePack}`);
}

/** Days the stock lasts at `dailyDemand`; null when nothing sells (it lasts for ever). */
export function coverDays(dailyDemand: number, onHand: number, inbound: number): number | null {
  if (dailyDemand <= 0) return null;
  return Math.max(0, onHand + inbound) / dailyDemand;
}

// rounding noise of a float demand must not order one unit more
const EPSILON = 1e-9;
/** Whole units needed for `units` (never -0). */
const wholeUnits = (units: number): number => Math.max(0, Math.ceil(units - EPSILON));

/** The quantity to order now. */
export function suggestedQuantity(dailyDemand: number, onHand: number, inbound: number, t: ReorderTerms): SuggestedQuantity {
  checkTerms(t);
  const needed = wholeUnits(Math.max(0, dailyDemand) * (t.leadTimeDays + t.targetCoverDays));
  const available = onHand + inbound;
  const shortfall = needed - available;
  if (shortfall <= 0) return { quantity: 0, needed, available, shortfall, roundedBy: 'none' };
  const atLeast = Math.max(shortfall, t.moq);
  const quantity = Math.ceil(atLeast / t.casePack) * t.casePack;
  const byMoq = t.moq > shortfall;
  const byCase = quantity !== atLeast;
  return { quantity, needed, available, shortfall, roundedBy: byMoq && byCase ? 'moq+casePack' : byMoq ? 'moq' : byCase ? 'casePack' : 'none' };
}

/**
 * Min/max for an ERP reordering rule: reorder when the forecast falls under the lead time's demand, top up to
 * lead time + target cover.
 */
export function orderpointLevels(dailyDemand: number, t: ReorderTerms): { min: number; max: number } {
  checkTerms(t);
  const d = Math.max(0, dailyDemand);
  const min = wholeUnits(d * t.leadTimeDays);
  return { min, max: Math.max(min, wholeUnits(d * (t.leadTimeDays + t.targetCoverDays))) };
}
