/**
 * Runs one call in one PostgreSQL transaction (like Odoo: a failed call leaves nothing behind), retrying the
 * whole call on a serialization failure or deadlock as Odoo does. With the cost model on, the transaction stays
 * open until the modelled Odoo would have finished the call (see ../cost/), so its effects show no earlier.
 */
import type { Pool } from 'pg';
import type { CostModel } from '../cost/cost-model.ts';
import type { ErpFaults } from '../faults/fault-rules.ts';
import { InjectedFault, odooServerError } from '../faults/injected-fault.ts';
import { execute, type Call } from '../orm/call.ts';
import { resolveCompanies } from '../orm/company-scope.ts';
import type { Json, Registry } from '../orm/types.ts';
import type { StatsCounter } from './stats.ts';

export interface ServerCtx {
  pool: Pool;
  registry: Registry;
  stats: StatsCounter;
  dbName: string;
  version: 18 | 19;
  /** API key -> uid, filled lazily from sandbox_credential */
  keyCache: Map<string, number>;
  /** A real Odoo's cost per call, drawn from one shared capacity; absent = answer as fast as the sandbox can. */
  cost?: CostModel;
  /** Injected faults (`/_sandbox/faults`, ../faults/). */
  faults: ErpFaults;
  /** Pins each call's "now" (records' `write_date`, `date_done`...): a replay follows a recording's timeline. */
  now?: () => Date;
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Executes `call` as `uid` with `context`; resolves to the method's result (`undefined` = Python None). */
export async function runCall(ctx: ServerCtx, uid: number, call: Call, context: Record<string, Json>): Promise<Json | undefined> {
  // An injected fault before the call (nothing done) or after its commit (done, the answer slow or lost).
  const fault = ctx.faults.draw(call.model, call.method);
  if (fault?.kind === 'odoo_error') throw odooServerError();
  if (fault && fault.kind !== 'slow' && fault.kind !== 'drop_after_commit') throw new InjectedFault(fault.kind);
  const result = await runInTransaction(ctx, uid, call, context);
  if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault?.kind === 'drop_after_commit') throw new InjectedFault(fault.kind);
  return result;
}

async function runInTransaction(ctx: ServerCtx, uid: number, call: Call, context: Record<string, Json>): Promise<Json | undefined> {
  // The modelled Odoo works on the call from its arrival (the sandbox's own work included), retries included.
  const arrival = ctx.cost?.arrive();
  for (let attempt = 1; ; attempt++) {
    const client = await ctx.pool.connect();
    try {
      await client.query('BEGIN');
      const now = ctx.now?.() ?? new Date();
      if (ctx.now) await client.query(`SELECT set_config('sandbox.now', $1, true)`, [now.toISOString().replace('T', ' ').replace('Z', '')]);
      const companies = await resolveCompanies(client, uid, context);
      const result = await execute({ tx: client, registry: ctx.registry, context, uid, now, ...companies }, call);
      await ctx.cost?.charge(client, call, result, arrival);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (attempt < 5 && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
      await ctx.cost?.chargeFailure(call, arrival);
      throw e;
    } finally {
      client.release();
    }
  }
}
