/**
 * A short-lived memo for aggregates the API serves to screens that refresh on a timer (counts over every record of a
 * backend): one computation per key and period, shared by concurrent callers, so a hundred panels refreshing cost
 * what one does. Only for aggregates whose staleness the route documents; a failed computation is not kept.
 */
export interface TtlCache<V> {
  get(key: string, compute: () => Promise<V>): Promise<V>;
  /** Forgets `key`: after a write this process made, the next read computes afresh. */
  drop(key: string): void;
}

export function ttlCache<V>(ttlMs: number, now: () => number = Date.now): TtlCache<V> {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  return {
    get(key, compute) {
      const t = now();
      const hit = entries.get(key);
      if (hit && t - hit.at < ttlMs) return hit.value;
      // Expired entries of other keys go too: the map stays as small as the keys asked for lately.
      for (const [k, e] of entries) if (t - e.at >= ttlMs) entries.delete(k);
      const value = compute();
      entries.set(key, { at: t, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    drop(key) {
      entries.delete(key);
    },
  };
}
