/**
 * The backfill's progress on stderr: a cli-progress bar when stderr is a terminal (pages against the estimate,
 * orders fetched, time left), one plain line per page otherwise (CI logs, redirected output), so nothing redraws
 * in a file.
 */
import cliProgress from 'cli-progress';
import type { SweepResult } from '../sync/orders/sweep-orders.task.ts';
import type { CliIo } from './cli-io.ts';
import { humanDuration } from './backfill-estimate.ts';
import { remainingSeconds, type Pace } from './backfill-eta.ts';

export interface Progress {
  /** After each stored page (counts are cumulative). */
  page(r: SweepResult): void;
  /** `completed`: the window went through (the bar ends full); false after a failure (it stays where it was). */
  stop(completed: boolean): void;
}

/** Progress for a backfill of `estimatedPages` pages (null: unknown) at `pace` (the quota the estimate counted). */
export function backfillProgress(io: CliIo, estimatedPages: number | null, pace: Pace | null = null, now: () => number = Date.now): Progress {
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  let pages = 0;
  let total = estimatedPages;
  const eta = () => {
    const s = pace ? remainingSeconds(pace, total, pages, elapsed()) : null;
    return s === null ? 'unknown' : s < 1 ? '0 s' : humanDuration(s);
  };
  if (!io.tty) {
    return {
      page(r) {
        // The sweep reports a page again once its last batch is stored (only the counts changed): one line a page.
        if (r.pages === pages) return;
        pages = r.pages;
        if (total !== null && pages >= total) total = pages + 1;
        const left = total === null ? '' : `, about ${eta()} left`;
        io.err(`page ${r.pages}: ${r.fetched} orders fetched, ${r.changed} changed, ${r.malformed} malformed (${elapsed().toFixed(1)} s${left})`);
      },
      stop: () => {},
    };
  }
  const known = estimatedPages !== null;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.tty,
      format: known
        ? 'backfill [{bar}] pages {value}/{total} | {orders} orders, {changed} changed | {duration_formatted} | left {left}'
        : 'backfill pages {value} | {orders} orders, {changed} changed | {duration_formatted}',
      hideCursor: true,
      // The bar sits still while the quota makes a call wait; a slow redraw keeps the elapsed time moving.
      fps: 2,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(estimatedPages ?? 0, 0, { orders: 0, changed: 0, left: eta() });
  // The time left moves between pages too (a page may wait minutes for its token).
  const ticker = known ? setInterval(() => bar.update({ left: eta() }), 1000) : null;
  ticker?.unref();
  return {
    page(r) {
      pages = r.pages;
      // The estimate is only an estimate: grow the total rather than overflow the bar.
      if (known && pages >= bar.getTotal()) bar.setTotal(pages + 1);
      total = known ? bar.getTotal() : null;
      bar.update(pages, { orders: r.fetched, changed: r.changed, left: eta() });
    },
    stop(completed) {
      if (ticker) clearInterval(ticker);
      if (known && completed) {
        bar.setTotal(Math.max(1, pages));
        bar.update({ left: '0 s' });
      }
      bar.stop();
    },
  };
}
