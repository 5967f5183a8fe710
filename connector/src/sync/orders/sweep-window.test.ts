import { describe, expect, it } from 'vitest';
import { defaultSweepWindow, nextSweepWindow } from './sweep-window.ts';

const now = new Date('2026-11-27T12:00:00Z');

describe('sweep window', () => {
  it('starts a first sweep at the initial look-back, one slice at a time', () => {
    const w = nextSweepWindow(null, now)!;
    expect(w.from.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(w.caughtUp).toBe(false);
  });

  it('ends more than two minutes before now once the backlog is worked through', () => {
    const w = nextSweepWindow(new Date('2026-11-27T10:00:00Z'), now)!;
    expect(now.getTime() - w.to.getTime()).toBeGreaterThan(120_000);
    expect(w.caughtUp).toBe(true);
  });

  it('overlaps the previous window', () => {
    const cursor = new Date('2026-11-27T11:50:00Z');
    const w = nextSweepWindow(cursor, now)!;
    expect(w.from.toISOString()).toBe('2026-11-27T11:45:00.000Z');
    expect(w.to.toISOString()).toBe('2026-11-27T11:57:55.000Z');
  });

  it('gives no window when the last one ended at the edge of what Amazon allows', () => {
    const cursor = new Date(now.getTime() - defaultSweepWindow.lagMs + defaultSweepWindow.overlapMs);
    expect(nextSweepWindow(cursor, now)).toBeNull();
  });
});
