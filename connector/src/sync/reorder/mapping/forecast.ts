/**
 * Reorder advice for one SKU on one marketplace (or a pool), with the inputs that produced each figure: velocity
 * (velocity.ts), seasonality (seasonality.ts), the daily demand they give, days of cover and the suggested
 * quantity (reorder-quantity.ts). Pure: the history and the stock are handed in.
 */
import { coverDays, orderpointLevels, suggestedQuantity, type ReorderTerms, type SuggestedQuantity } from './reorder-quantity.ts';
import { seasonality, type Seasonality } from './seasonality.ts';
import { checkSeries, velocity, type Velocity, type WeekSales } from './velocity.ts';

export type { WeekSales } from './velocity.ts';
export type { ReorderTerms } from './reorder-quantity.ts';

export interface ForecastTerms extends ReorderTerms {
  halfLifeWeeks: number;
}

export interface AdviceInput {
  /** Weekly sales, oldest first, consecutive weeks. */
  weeks: readonly WeekSales[];
  onHand: number;
  inbound: number;
  terms: ForecastTerms;
}

export interface ReorderAdvice {
  /** Units a day expected over lead time + target cover: velocity x seasonal factor. */
  dailyDemand: number;
  coverDays: number | null;
  suggested: SuggestedQuantity;
  orderpoint: { min: number; max: number };
  inputs: {
    velocity: Velocity;
    seasonality: Seasonality;
    onHand: number;
    inbound: number;
    terms: ForecastTerms;
    historyWeeks: number;
  };
}

/** Daily demand expected for the `aheadWeeks` weeks after `end` (exclusive) of `weeks`. */
export function dailyDemand(weeks: readonly WeekSales[], halfLifeWeeks: number, aheadWeeks: number, end = weeks.length) {
  const v = velocity(weeks, halfLifeWeeks, end);
  const s = seasonality(weeks, halfLifeWeeks, aheadWeeks, end);
  return { demand: v.unitsPerDay * s.factor, velocity: v, seasonality: s };
}

/** The advice for one SKU. */
export function reorderAdvice(input: AdviceInput): ReorderAdvice {
  checkSeries(input.weeks);
  const { terms } = input;
  const ahead = Math.max(1, Math.ceil((terms.leadTimeDays + terms.targetCoverDays) / 7));
  const d = dailyDemand(input.weeks, terms.halfLifeWeeks, ahead);
  return {
    dailyDemand: d.demand,
    coverDays: coverDays(d.demand, input.onHand, input.inbound),
    suggested: suggestedQuantity(d.demand, input.onHand, input.inbound, terms),
    orderpoint: orderpointLevels(d.demand, terms),
    inputs: {
      velocity: d.velocity, seasonality: d.seasonality, onHand: input.onHand, inbound: input.inbound, terms, historyWeeks: input.weeks.length,
    },
  };
}
