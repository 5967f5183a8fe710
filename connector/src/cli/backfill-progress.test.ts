import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SweepResult } from '../sync/orders/sweep-orders.task.ts';
import { backfillProgress } from './backfill-progress.ts';
import { memoryIo } from './cli-io.ts';

const page = (pages: number, fetched: number, changed = fetched): SweepResult => ({ pages, fetched, changed, malformed: 0, repeated: 0, window: null, caughtUp: true });

/** A stream that says it is a terminal, keeping what was drawn. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('backfill progress', () => {
  it('prints one line per page when stderr is not a terminal, with the time left', () => {
    const io = memoryIo();
    let now = 0;
    // 3 pages, 1 token in the bucket, 0.1 page/s left by the workers: page 3 is due 20 s after the start.
    const p = backfillProgress(io, 3, { rate: 0.1, tokensNow: 1 }, () => now);
    now = 100;
    p.page(page(1, 100, 40));
    now = 10_000;
    p.page(page(2, 180, 41));
    p.stop(true);
    expect(io.stderr).toHaveLength(2);
    expect(io.stderr[0]).toBe('page 1: 100 orders fetched, 40 changed, 0 malformed (0.1 s, about 20 s left)');
    expect(io.stderr[1]).toBe('page 2: 180 orders fetched, 41 changed, 0 malformed (10.0 s, about 10 s left)');
    expect(io.stdout).toEqual([]);
  });

  it('prints the last page once when the sweep reports it again after storing its last batch', () => {
    const io = memoryIo();
    const p = backfillProgress(io, null);
    p.page(page(1, 100, 0));
    p.page(page(2, 150, 0));
    // The sweep's final report: same page, counts updated once the batch was stored.
    p.page(page(2, 150, 150));
    p.stop(true);
    expect(io.stderr.map((l) => l.replace(/ \(.*\)$/, ''))).toEqual(['page 1: 100 orders fetched, 0 changed, 0 malformed', 'page 2: 150 orders fetched, 0 changed, 0 malformed']);
  });

  it('draws a bar against the estimate on a terminal, growing the total when the estimate was short', () => {
    const term = fakeTerminal();
    const io = { ...memoryIo(), tty: term.stream };
    const p = backfillProgress(io, 2, { rate: 1, tokensNow: 0 });
    p.page(page(1, 100));
    p.page(page(2, 200));
    p.page(page(3, 230));
    p.stop(true);
    expect(term.text()).toMatch(/backfill \[[^\]]+\] pages 3\/3 \| 230 orders, 230 changed \| \S+ \| left 0 s/);
    expect(io.stderr).toEqual([]);
  });

  it('shows pages without a bar when the number of pages is unknown', () => {
    const term = fakeTerminal();
    const p = backfillProgress({ ...memoryIo(), tty: term.stream }, null);
    p.page(page(1, 100));
    p.stop(false);
    expect(term.text()).toContain('backfill pages 1 | 100 orders, 100 changed');
    expect(term.text()).not.toMatch(/backfill \[/);
  });
});
