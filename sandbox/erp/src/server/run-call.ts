/**
 * Runs one call in one PostgreSQL transaction (like Odoo: a failed call leaves nothing behind), retrying the
 * whole call on a serialization failure or deadlock as Odoo does. With the cost model on, the transaction stays
 * open until the modelled Odoo would have finished the call (see ../cost/), so its effects show no earlier.
 */
import type { Pool } from 'pg';
import { collectWebhooks, type WebhookPost } from '../automation/rule-run.ts';
import { deliverWebhooks, type WebhookLog } from '../automation/webhook-send.ts';
import type { CostModel } from '../cost/cost-model.ts';
import type { ErpFaults } from '../faults/fault-rules.ts';
import { InjectedFault, odooServerError } from '../faults/injected-fault.ts';
import { execute, type Call } from '../orm/call.ts';
import { resolveCompanies } from '../orm/company-scope.ts';
import type { Json, Registry } from '../orm/types.ts';
import type { PanelHostConfig } from '../host/host-routes.ts';
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
  /** The webhook POSTs automation rules sent (`/_sandbox/webhooks`, ../automation/). */
  webhooks: WebhookLog;
  /** Pins each call's "now" (records' `write_date`, `date_done`...): a replay follows a recording's timeline. */
  now?: () => Date;
  /** The embedded panel's URL and shared secret (../host/): the host page's only configuration. */
  panel?: PanelHostConfig;
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

/**
 * The call, then what Odoo does after its commit, still inside the request: post-commit hooks (a module installed
 * joins the registry), then the automation rules' webhook POSTs one by one (each up to 1 s), so the answer waits.
 */
async function runInTransaction(ctx: ServerCtx, uid: number, call: Call, context: Record<string, Json>): Promise<Json | undefined> {
  const { result, postcommit, webhooks } = await runAndCommit(ctx, uid, call, context);
  for (const hook of postcommit) await hook();
  if (webhooks.length) await deliverWebhooks(webhooks, ctx.webhooks);
  return result;
}

interface Committed {
  result: Json | undefined;
  postcommit: Array<() => void | Promise<void>>;
  webhooks: WebhookPost[];
}

async function runAndCommit(ctx: ServerCtx, uid: number, call: Call, context: Record<string, Json>): Promise<Committed> {
  // The modelled Odoo works on the call from its arrival (the sandbox's own work included), retries included.
  const arrival = ctx.cost?.arrive();
  for (let attempt = 1; ; attempt++) {
    const client = await ctx.pool.connect();
    try {
      await client.query('BEGIN');
      const now = ctx.now?.() ?? new Date();
      if (ctx.now) await client.query(`SELECT set_config('sandbox.now', $1, true)`, [now.toISOString().replace('T', ' ').replace('Z', '')]);
      const companies = await resolveCompanies(client, uid, context);
      const env = { tx: client, registry: ctx.registry, context, uid, now, ...companies, postcommit: [] };
      const result = await execute(env, call);
      // the rules run inside the transaction (their payloads read there); their POSTs wait for the commit
      const webhooks = await collectWebhooks(env);
      await ctx.cost?.charge(client, call, result, arrival);
      await client.query('COMMIT');
      return { result, postcommit: env.postcommit, webhooks };
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
