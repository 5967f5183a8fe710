/**
 * A backend's set-up as a process of its own, whoever starts it (the boot, the API's create, a person's "run the
 * set-up", its retry job): one at a time per backend (an advisory lock: two set-ups at once could both create what
 * the ERP lacks), its failure a visible backend state (health `backend.setup` with the code, e.g. ERP_UNAVAILABLE),
 * never a dead process, and retried with a capped backoff by its job. The backend's flows wait for its first
 * set-up (jobs/flow-tasks.ts); that first one starts them, in the transaction that records it.
 */
import { isSyncError } from '../../core/errors.ts';
import { enqueue, type Queryable } from '../../core/queue/enqueue.ts';
import { setUpNotifications } from './notifications/subscribe.ts';
import { withSessionLock } from '../../core/session-lock.ts';
import { withTransaction } from '../../core/tx.ts';
import type { FlowDefinition } from './flow.ts';
import { reportFlowHealth } from './flow-health-report.ts';
import { runSetup, type SetupReport } from './setup.ts';
import type { TaskEnv } from './task-env.ts';

/** The backend health entry of the set-up (beside the flows' own entries). */
export const SETUP_HEALTH = 'backend.setup';
/** The set-up (retry) job. */
export const SETUP_TASK = 'backend:setup';

/** How soon a failed set-up is tried again: doubling from `firstSeconds`, never more than `maxSeconds` apart. */
export interface SetupRetryPolicy {
  firstSeconds: number;
  maxSeconds: number;
}
export const DEFAULT_SETUP_RETRY: SetupRetryPolicy = { firstSeconds: 5, maxSeconds: 300 };

/** The wait before attempt `attempt + 1` after `attempt` failed (1-based). */
export function setupRetryDelaySeconds(attempt: number, policy: SetupRetryPolicy): number {
  return Math.min(policy.firstSeconds * 2 ** Math.min(Math.max(attempt - 1, 0), 30), policy.maxSeconds);
}

/** Queues the backend's set-up (one pending per backend: a later request replaces an earlier one). */
export async function enqueueSetup(db: Queryable, backendId: number, attempt = 1, inSeconds = 0): Promise<void> {
  await enqueue(db, SETUP_TASK, { backendId, attempt }, {
    jobKey: `setup:${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    // The task retries by queueing itself with its own backoff; a crash mid-run is retried by graphile-worker.
    maxAttempts: 5,
  });
}

type SetupFlows = readonly Pick<FlowDefinition, 'name' | 'goLive' | 'setup' | 'curedBySetup' | 'conflictKinds' | 'onBackendEnabled' | 'amazonNotifications'>[];

export interface SetUpOptions {
  actor: string;
  createMissing?: boolean;
  /** This run's consent to install missing ERP modules (the set-up report's one-click fix). */
  installModules?: boolean;
  /** The pace its health entry shows (the next retry's delay); only for the stall display. */
  retrySeconds?: number;
}

/**
 * Runs the backend's set-up under its lock. A failure (the ERP unreachable, answering 502, refusing the key) is
 * recorded as the backend's `backend.setup` health and thrown again; success clears it and, the first time,
 * starts the backend's flows (their `onBackendEnabled`: the orders flow sweeps now).
 */
export async function setUpBackend(env: TaskEnv, flows: SetupFlows, backendId: number, opts: SetUpOptions): Promise<SetupReport> {
  return withSessionLock(env.db.pool, `setup:${backendId}`, async () => {
    let report: SetupReport;
    try {
      const rt = await env.runtimes.get(backendId);
      const consent = {
        ...(opts.createMissing !== undefined ? { createMissing: opts.createMissing } : {}),
        ...(opts.installModules !== undefined ? { installModules: opts.installModules } : {}),
      };
      // The backend as committed now, not the runtime's copy: that one is refreshed by a notification, which can
      // still be on its way when a set-up follows a settings change at once (its consent, its flows).
      const backend = await env.core.backends.get(backendId);
      report = await runSetup(flows, { core: env.core, erp: rt.erp, backend, actor: opts.actor, ...consent });
      await subscribeNotifications(env, flows, backendId, report);
    } catch (e) {
      // A runtime that failed to connect is not cached; one that connected and then failed is dropped, so the
      // retry connects afresh (a new address, a new key).
      if (!isSyncError(e) || e.code !== 'BACKEND_NOT_FOUND') await env.runtimes.invalidate(backendId);
      await reportFlowHealth(env, backendId, SETUP_HEALTH, opts.retrySeconds ?? DEFAULT_SETUP_RETRY.firstSeconds, e, setupHint(e, opts.retrySeconds));
      throw e;
    }
    if (await env.core.health.cleared(backendId, SETUP_HEALTH)) env.log.info('backend set-up went through again', { backendId });
    const { db, core } = env;
    const first = await withTransaction(db.pool, async (tx) => {
      const isFirst = await core.backends.markSetUp(backendId, tx);
      if (isFirst) for (const flow of flows) await flow.onBackendEnabled?.(backendId, tx, { db, core });
      return isFirst;
    });
    if (first) env.log.info('backend set up for the first time: its flows start', { backendId });
    return report;
  });
}

/** What the backend's health says after the error's code: the HTTP status met, and what happens next. */
function setupHint(e: unknown, retrySeconds: number | undefined): string {
  const status = isSyncError(e) && typeof e.details.httpStatus === 'number' ? `HTTP ${e.details.httpStatus}; ` : '';
  const next = retrySeconds ? `tried again in ${retrySeconds} s` : 'tried again by itself';
  return `${status}the set-up could not run, ${next} (or now: POST /api/backends/{id}/setup); the backend's flows start once it went through`;
}

/**
 * The backend's Amazon notifications (destination and subscriptions, see notifications/subscribe.ts), after its ERP
 * set-up: a problem is added to the report with its code, never a failed set-up (the sweep imports without them).
 */
async function subscribeNotifications(env: TaskEnv, flows: SetupFlows, backendId: number, report: SetupReport): Promise<void> {
  try {
    const done = await setUpNotifications(env, flows, backendId);
    report.problems.push(...done.problems);
  } catch (e) {
    report.problems.push({ code: 'NOTIFICATIONS_SUBSCRIPTION_FAILED', message: `the notifications set-up could not run: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}` });
  }
  report.ok = report.problems.length === 0;
}
