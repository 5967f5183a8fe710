/**
 * The pacing of ERP calls, per ERP endpoint: one batch sizer (milliseconds per record per operation, learnt from
 * the calls' durations) and one write gate (at most N writes in flight), shared by every backend and worker of the
 * process that talk to the same ERP. The endpoint is the URL and the database: two backends may share one Odoo,
 * and what one makes it do slows the other down.
 *
 * Across processes: the write gate holds through PostgreSQL advisory-lock slots when a pool is given
 * (write-slots.ts); the sizer's estimates stay per process on purpose: each process learns them within its first
 * few calls, and since every call's duration already includes the other processes' load on the ERP, each
 * process's sizes follow that load without sharing state (no write to PostgreSQL per ERP call).
 */
import pg from 'pg';
import { BatchSizer, type BatchSizerOptions } from './batch-sizer.ts';
import { createWriteGate, type WriteGate } from './write-gate.ts';
import { pgWriteSlots } from './write-slots.ts';

/** What one backend asks of its ERP endpoint's pacing (its `erpCalls` settings). */
export interface PacingSettings {
  /** Seconds one batched call should take. */
  targetCallSeconds: number;
  /** ERP writes in flight at most on the endpoint. */
  maxConcurrentWrites: number;
}

/** One backend's handle on its endpoint's shared pacing. */
export interface EndpointPacing {
  readonly endpoint: string;
  readonly sizer: BatchSizer;
  readonly gate: WriteGate;
  /** This backend's target per call, in ms (backends sharing an endpoint may differ). */
  readonly targetMs: number;
}

export interface ErpPacing {
  /** The shared pacing of the endpoint `url` + `database`, with this backend's settings (the newest write limit wins). */
  forEndpoint(url: string, database: string, settings: PacingSettings): EndpointPacing;
  /** Ends the write slots' own pool (when it made one). */
  close(): Promise<void>;
}

export const DEFAULT_PACING: PacingSettings = { targetCallSeconds: 6, maxConcurrentWrites: 1 };

/** The key of an endpoint: the URL as the server sees it (scheme, host, port, path; no trailing slash) and the database. */
export function endpointKey(url: string, database: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}|${database}`;
}

export interface ErpPacingOptions {
  /**
   * Share the write limit with the other processes through PostgreSQL: the slots get their own small pool on this
   * database (as core's locks do: a slot holds its connection during an ERP write, and must never starve the pool
   * the binder and the step log use). Or `pool`, one the caller owns. Neither: the limit holds per process.
   */
  databaseUrl?: string;
  pool?: pg.Pool;
  /** Connections of the own pool: writes in flight at once across this process's endpoints. Default 4. */
  slotConnections?: number;
  sizer?: BatchSizerOptions;
}

/** One per process. */
export function createErpPacing(opts: ErpPacingOptions = {}): ErpPacing {
  const endpoints = new Map<string, { sizer: BatchSizer; gate: WriteGate }>();
  const own = !opts.pool && opts.databaseUrl ? new pg.Pool({ connectionString: opts.databaseUrl, max: opts.slotConnections ?? 4, idleTimeoutMillis: 30_000 }) : null;
  own?.on('error', () => {});
  const pool = opts.pool ?? own;
  return {
    async close() {
      await own?.end();
    },
    forEndpoint(url, database, settings) {
      const endpoint = endpointKey(url, database);
      let shared = endpoints.get(endpoint);
      if (!shared) {
        const slots = pool ? pgWriteSlots(pool, endpoint) : undefined;
        shared = { sizer: new BatchSizer(opts.sizer), gate: createWriteGate(settings.maxConcurrentWrites, slots) };
        endpoints.set(endpoint, shared);
      } else {
        shared.gate.setLimit(settings.maxConcurrentWrites);
      }
      return { endpoint, ...shared, targetMs: Math.round(settings.targetCallSeconds * 1000) };
    },
  };
}
