/**
 * The ship-by threshold, a field of the shipments flow's settings namespace (the flow spreads `shipBySettingsFields`
 * into its own): an unshipped order is listed and counted at risk once its latest ship time is this close.
 */
import { Type } from 'typebox';

export const SHIP_BY_DEFAULT_HOURS = 24;
/** The namespace the shipments flow declares its settings under (its name). */
export const SHIP_BY_NAMESPACE = 'shipments';

export const shipBySettingsFields = {
  shipByAlertHours: Type.Integer({
    minimum: 1,
    maximum: 720,
    default: SHIP_BY_DEFAULT_HOURS,
    description: 'hours before its latest ship time from which an unshipped merchant-fulfilled order is listed at risk (1-720)',
  }),
};

/**
 * A backend's threshold from its settings, parsed or as stored (the namespace is new, so the stored shape is the
 * parsed one): the default when unset or out of range (a hand-edited row must not break the list or /metrics).
 */
export function shipByHoursOf(settings: unknown): number {
  const ns = (settings as Record<string, unknown> | null | undefined)?.[SHIP_BY_NAMESPACE] as Record<string, unknown> | undefined;
  const h = ns?.shipByAlertHours;
  return typeof h === 'number' && Number.isInteger(h) && h >= 1 && h <= 720 ? h : SHIP_BY_DEFAULT_HOURS;
}
