/**
 * The `settlements` namespace. Whether the flow runs at all is its go-live switch (`goLive.settlements.enabled`, off
 * by default: it reads money reports the seller may not want stored yet).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';
import { postingSettingsProperties } from './posting/posting.settings.ts';

export const settlementsSettings = defineSettingsNamespace({
  name: 'settlements',
  description: "Amazon's settlement reports stored as settlements and their lines",
  properties: {
    ...postingSettingsProperties,
    /** The first sweep of a backend lists settlement reports created this far back (Amazon keeps 90 days of them). */
    firstSweepDays: Type.Integer({ minimum: 1, maximum: 90, default: 90, description: 'days of settlement reports the first sweep lists (1-90)' }),
    /** Later sweeps list again from this long before the last one's start: a report created while one ran is not missed. */
    overlapHours: Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'hours before the last sweep every sweep lists again (1-168)' }),
    /** A payout (event group) fits a settlement of the same currency and total whose end (or deposit date) is this near its end (or fund transfer date). */
    payoutMatchHours: Type.Integer({ minimum: 1, maximum: 240, default: 48, description: "hours between a settlement's end and its payout's end (or deposit and fund transfer dates) still matched (1-240)" }),
    /** How often each backend's settlement reports are listed (Amazon makes one every 14 days; getReports allows ~1 a minute). */
    sweepMinutes: Type.Integer({ minimum: 2, maximum: 1440, default: 60, description: 'minutes between two settlement sweeps of a backend (2-1440)' }),
  },
});
