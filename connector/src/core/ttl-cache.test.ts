import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache.ts';

describe('ttlCache', () => {
  it('computes once per key and period, shares a computation in flight, and computes again once expired or dropped', async () => {
    let t = 0;
    let calls = 0;
    const cache = ttlCache<number>(5_000, () => t);
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    t = 4_999;
    expect(await cache.get('k', compute)).toBe(1);
    expect(await cache.get('other', compute)).toBe(2);
    t = 5_000;
    expect(await cache.get('k', compute)).toBe(3);
    cache.drop('k');
    expect(await cache.get('k', compute)).toBe(4);
  });

  it('keeps no failure: the next caller computes again', async () => {
    const cache = ttlCache<number>(5_000, () => 0);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });
});
