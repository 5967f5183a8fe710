import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SweepResult } from '../sync/orders/sweep-orders.task.ts';
import { backfillProgress } from './backfill-progress.ts';
import { memoryIo } from './cli-io.ts';

const page = (pages: number, fetched: number, changed = fetched): SweepResult => ({ pages, fetched, changed, malformed: 0, window: null, caughtUp: true });

/** A stream that says it is a terminal, keeping what was drawn. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('backfill progress', () => {
  it('prints one line per page when stderr is not a terminal', () => {
    const io = memoryIo();
    const p = backfillProgress(io, 3);
    p.page(page(1, 100, 40));
    p.page(page(2, 180, 41));
    p.stop(true);
    expect(io.stderr).toHaveLength(2);
    expect(io.stderr[0]).toMatch(/^page 1: 100 orders fetched, 40 changed, 0 malformed \(\d+\.\d s\)$/);
    expect(io.stderr[1]).toMatch(/^page 2: 180 orders fetched, 41 changed/);
    expect(io.stdout).toEqual([]);
  });

  it('draws a bar against the estimate on a terminal, growing the total when the estimate was short', () => {
    const term = fakeTerminal();
    const io = { ...memoryIo(), tty: term.stream };
    const p = backfillProgress(io, 2);
    p.page(page(1, 100));
    p.page(page(2, 200));
    p.page(page(3, 230));
    p.stop(true);
    expect(term.text()).toMatch(/backfill \[[^\]]+\] pages 3\/3 \| 230 orders, 230 changed/);
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
