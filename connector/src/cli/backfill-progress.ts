/**
 * The backfill's progress on stderr: a cli-progress bar when stderr is a terminal (pages against the estimate,
 * orders fetched), one plain line per page otherwise (CI logs, redirected output), so nothing redraws in a file.
 */
import cliProgress from 'cli-progress';
import type { SweepResult } from '../sync/orders/sweep-orders.task.ts';
import type { CliIo } from './cli-io.ts';

export interface Progress {
  /** After each stored page (counts are cumulative). */
  page(r: SweepResult): void;
  /** `completed`: the window went through (the bar ends full); false after a failure (it stays where it was). */
  stop(completed: boolean): void;
}

/** Progress for a backfill of `estimatedPages` pages (null: unknown). */
export function backfillProgress(io: CliIo, estimatedPages: number | null): Progress {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (!io.tty) {
    return {
      page: (r) => io.err(`page ${r.pages}: ${r.fetched} orders fetched, ${r.changed} changed, ${r.malformed} malformed (${seconds()} s)`),
      stop: () => {},
    };
  }
  const known = estimatedPages !== null;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.tty,
      format: known
        ? 'backfill [{bar}] pages {value}/{total} | {orders} orders, {changed} changed | {duration_formatted}'
        : 'backfill pages {value} | {orders} orders, {changed} changed | {duration_formatted}',
      hideCursor: true,
      // The bar sits still while the quota makes a call wait; a slow redraw keeps the elapsed time moving.
      fps: 2,
    },
    cliProgress.Presets.shades_classic,
  );
  let pages = 0;
  bar.start(estimatedPages ?? 0, 0, { orders: 0, changed: 0 });
  return {
    page(r) {
      pages = r.pages;
      // The estimate is only an estimate: grow the total rather than overflow the bar.
      if (known && pages >= bar.getTotal()) bar.setTotal(pages + 1);
      bar.update(pages, { orders: r.fetched, changed: r.changed });
    },
    stop(completed) {
      if (known && completed) bar.setTotal(Math.max(1, pages));
      bar.stop();
    },
  };
}
