/**
 * How long the stock-out record is kept (the housekeeping prune deletes older rows, per backend): as far back as
 * the forecast reads days out of stock. The seasonality looks at the same weeks a year earlier, back to the
 * velocity's weeks before them (four half-lives), so a backend needs 52 weeks + its look-back + the week under way;
 * with the default half-life of 4 weeks that is 483 days. Older weeks' sales are still read (kept sums), but no
 * figure takes their stock-outs into account.
 */
import type { RetainedRows } from '../../../core/retention/index.ts';
import type { BackendSettings } from '../../../core/backend/settings/index.ts';
import { WEEKS_A_YEAR } from '../mapping/seasonality.ts';
import { lookbackWeeks } from '../mapping/velocity.ts';
import { reorderSettings } from '../reorder.settings.ts';

/** Days of the record a backend's forecast can read. */
export const stockDaysKept = (settings: BackendSettings): number => 7 * (WEEKS_A_YEAR + lookbackWeeks(reorderSettings.of(settings).halfLifeWeeks) + 1);

/** The record's tables, as the flow declares them to the retention prune. */
export const stockDayRetention: readonly RetainedRows[] = [
  { table: 'reorder_stock_day', column: 'day', days: stockDaysKept },
  { table: 'reorder_stock_sample', column: 'day', days: stockDaysKept },
];
