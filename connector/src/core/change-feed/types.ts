/** What the change feed works on: subscriptions handed to it (core names no flow) and the ERP reads it needs. */

/** A domain term as the ERP takes it (`[field, operator, value]` or a prefix operator). */
export type FeedDomainTerm = readonly [string, string, unknown] | '&' | '|' | '!';

/** One subscriber's interest in one ERP model: its changes are handed over as `{ backendId, ids }` to `task`. */
export interface ChangeSubscription {
  /** The ERP model, e.g. `stock.picking`. */
  model: string;
  /** The fields the subscriber reads (a webhook sends these, `id` always). */
  fields: readonly string[];
  /** The queue task enqueued with `{ backendId, ids }` (a flow's `<flow>:<task>`). */
  task: string;
  /** Only records matching this domain (checked by the ERP, one `search` per poll with changes). */
  domain?: readonly FeedDomainTerm[];
  /** A fast path: an automation rule posts the record when `field` becomes `value` (only with a public URL). */
  webhook?: { field: string; value: string };
}

/** The ERP reads the feed makes (the ERP port has them; declared here so core imports no adapter). */
export interface ChangeReader {
  searchRead(
    model: string,
    domain: readonly FeedDomainTerm[],
    fields: readonly string[],
    opts?: { limit?: number; order?: string },
  ): Promise<Array<{ id: number } & Record<string, unknown>>>;
  search(model: string, domain: readonly FeedDomainTerm[], opts?: { limit?: number }): Promise<number[]>;
}

/** The feed's pace and safety margins (config; tests scale them down). */
export interface ChangeFeedOptions {
  /** Seconds between two polls of a backend (default 30; a backend setting may override). */
  pollSeconds: number;
  /** How far back a new subscription starts (0: from now, never from the beginning of time). */
  lookBackSeconds: number;
  /**
   * How far behind the cursor each poll looks again: Odoo stamps `write_date` with the transaction's start, so a
   * long transaction commits records dated before the cursor; what was already handed over is dropped.
   */
  overlapSeconds: number;
  /** Records handed over per poll and model at most (one search_read); the rest on the next poll, at once. */
  batch: number;
}

export const DEFAULT_CHANGE_FEED: ChangeFeedOptions = { pollSeconds: 30, lookBackSeconds: 0, overlapSeconds: 10, batch: 500 };
