/** The health screen's shapes (generated from the API) and how it writes rates. */
import type { components } from '@/api/openapi';

export type HealthHistory = components['schemas']['HealthHistory'];
export type RateSeries = components['schemas']['HealthRateSeries'];
export type Indicator = components['schemas']['HealthIndicator'];
export type HealthAlert = components['schemas']['HealthAlert'];

/** "0.75 %": Amazon's rates are fractions. */
export const percent = (r: number): string => `${(Math.round(r * 10_000) / 100).toFixed(2)} %`;

export const LEVELS: Record<string, { label: string; type: 'success' | 'warning' | 'error' | 'default' }> = {
  ok: { label: 'On target', type: 'success' },
  warn: { label: 'Nearing the threshold', type: 'warning' },
  breach: { label: 'Past the threshold', type: 'error' },
  none: { label: 'No orders', type: 'default' },
};

/** The target in words: "under 1.00 %", "at least 95.00 %". */
export const targetText = (s: RateSeries): string =>
  `${s.target.condition === 'below' ? 'under' : s.target.condition === 'atLeast' ? 'at least' : 'equal to'} ${percent(s.target.value)}${s.target.watched ? '' : " (Amazon's target)"}`;
