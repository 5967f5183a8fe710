/**
 * The backfill's window checked against Amazon's rule: `lastUpdatedBefore` must lie at least two minutes before
 * the request. A later `--to` is clamped (with a warning) rather than refused: "up to now" is what people mean.
 */
import { defaultSweepWindow } from '../sync/orders/sweep-window.ts';
import { CliError } from './cli-error.ts';

export interface BackfillWindow {
  from: Date;
  to: Date;
  warnings: string[];
}

/** `[from, to)` made searchable at `now`; CliError('CLI_WINDOW_INVALID') when nothing of it is. */
export function backfillWindow(from: Date, to: Date, now: Date, lagMs = defaultSweepWindow.lagMs): BackfillWindow {
  if (from.getTime() >= to.getTime()) {
    throw new CliError('CLI_WINDOW_INVALID', `--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
  }
  const latest = new Date(now.getTime() - lagMs);
  const warnings: string[] = [];
  let end = to;
  if (to.getTime() > latest.getTime()) {
    end = latest;
    warnings.push(`--to ${to.toISOString()} is less than two minutes ago (Amazon refuses it): using ${latest.toISOString()}`);
  }
  if (from.getTime() >= end.getTime()) {
    throw new CliError('CLI_WINDOW_INVALID', `the window lies within Amazon's last two minutes: --from must be before ${latest.toISOString()}`);
  }
  return { from, to: end, warnings };
}
