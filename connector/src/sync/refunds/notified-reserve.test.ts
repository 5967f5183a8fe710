import { describe, expect, it } from 'vitest';
import { keepNotifiedReserve, MAX_RESERVE_WAIT_MS, NOTIFIED_RESERVE } from './notified-reserve.ts';

/** A bucket refilled at 0.5 tokens/s on a fake clock, advanced by the sleeps. */
function bucket(tokens: number) {
  let clock = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    source: { tokensLeft: async () => tokens + clock / 2000 },
  };
}

describe('keepNotifiedReserve (the sweep leaves tokens for notified reads)', () => {
  it('goes at once when the bucket holds the reserve and the page\'s token', async () => {
    const b = bucket(NOTIFIED_RESERVE + 1);
    await keepNotifiedReserve(b.source, undefined, b.sleep, b.now);
    expect(b.sleeps).toEqual([]);
  });
  it('waits until the bucket refilled to the reserve, reservations queued included', async () => {
    const b = bucket(-1);
    await keepNotifiedReserve(b.source, undefined, b.sleep, b.now);
    expect(b.now()).toBe(8_000);
    expect(await b.source.tokensLeft()).toBe(NOTIFIED_RESERVE + 1);
  });
  it('never waits longer than its cap (notifications that never stop still let the sweep end)', async () => {
    const b = { ...bucket(0), source: { tokensLeft: async () => -100 } };
    await keepNotifiedReserve(b.source, undefined, b.sleep, b.now);
    expect(b.now()).toBe(MAX_RESERVE_WAIT_MS);
  });
  it('does not wait on a gate that cannot tell', async () => {
    const b = { ...bucket(0), source: { tokensLeft: async () => Number.POSITIVE_INFINITY } };
    await keepNotifiedReserve(b.source, undefined, b.sleep, b.now);
    expect(b.sleeps).toEqual([]);
  });
});
