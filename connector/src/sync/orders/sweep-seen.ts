/**
 * The copies of orders one sweep has taken, one per order. Amazon pages searchOrders over a live index: an order
 * that changes while a search is being paged can come back on a later page, as it is by then (a real search
 * answered 156 results for 154 orders; the Amazon sandbox models it, see its README). The sweep keeps the latest
 * copy of each order by lastUpdatedTime, stores an order a second time only when a later page brings a newer copy
 * (a real change, which the content hash then judges), and counts every order once.
 */

/** What a copy of an order is to the sweep. */
export type Sighting =
  /** The first copy of this order in the sweep. */
  | 'first'
  /** A later copy, newer than the one taken: take it instead (it replaces the pending one, or is stored again). */
  | 'newer'
  /** A copy no newer than the one taken (the same version seen again, or an older one): drop it. */
  | 'stale';

/** Amazon's lastUpdatedTime in ms, NaN when the copy has none that parses (a malformed order). */
export function updatedMsOf(raw: unknown): number {
  const t = raw && typeof raw === 'object' ? (raw as { lastUpdatedTime?: unknown }).lastUpdatedTime : undefined;
  return typeof t === 'string' ? Date.parse(t) : Number.NaN;
}

/** The orders one sweep has seen, by key (the order id; a malformed order's key when it has none). */
export class SweepSeen {
  readonly #latest = new Map<string, number>();
  #repeats = 0;

  /** Records a copy of `key` updated at `updatedMs` (NaN: unknown) and says what to do with it. */
  see(key: string, updatedMs: number): Sighting {
    if (!this.#latest.has(key)) {
      this.#latest.set(key, updatedMs);
      return 'first';
    }
    this.#repeats += 1;
    const taken = this.#latest.get(key)!;
    // A copy with a time beats one without; with none on either side the later page wins (later in the index).
    const newer = Number.isNaN(taken) ? true : !Number.isNaN(updatedMs) && updatedMs > taken;
    if (!newer) return 'stale';
    this.#latest.set(key, updatedMs);
    return 'newer';
  }

  /** Orders seen, each counted once. */
  get orders(): number {
    return this.#latest.size;
  }

  /** Copies beyond the first (newer or not). */
  get repeats(): number {
    return this.#repeats;
  }
}
