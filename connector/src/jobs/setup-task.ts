/**
 * The `backend:setup` job: the backend's set-up (sync/frame/backend-setup.ts) for a backend created through the
 * API, or one whose set-up failed at boot. A failure queues the next attempt itself, with a doubling wait capped at
 * the policy's maximum, so an ERP down for an hour is tried a few times an hour while the backend's health says why;
 * graphile-worker's own retries only cover a worker that died mid-run.
 */
import type { Task } from 'graphile-worker';
import { Compile } from 'typebox/compile';
import { Type } from 'typebox';
import type { FlowDefinition } from '../sync/frame/flow.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { enqueueSetup, setUpBackend, setupRetryDelaySeconds, type SetupRetryPolicy } from '../sync/frame/backend-setup.ts';
import { isInterrupted } from '../core/abort.ts';
import { runJob } from './job-context.ts';

const SetupPayload = Compile(Type.Object({ backendId: Type.Integer({ minimum: 1 }), attempt: Type.Integer({ minimum: 1 }) }));

/** The task, bound to `env` and `flows`; `owner` is the process's heartbeat id. */
export function setupTask(env: TaskEnv, flows: readonly FlowDefinition[], policy: SetupRetryPolicy, owner?: string): Task {
  return async (payload, helpers) => {
    if (!SetupPayload.Check(payload)) {
      env.log.error('job payload refused: it does not match its schema; the job is dropped, not retried', { task: 'backend:setup', jobId: helpers.job.id });
      return;
    }
    const { backendId, attempt } = payload;
    const state = await env.core.backends.state(backendId);
    // A deleted backend needs no set-up; a disabled one is set up when it is enabled and its jobs run again.
    if (state !== 'active') {
      env.log.info('job skipped: backend not active', { task: 'backend:setup', backendId, state: state ?? 'missing' });
      return;
    }
    await runJob(env, owner, 'backend:setup', payload, helpers, async (job) => {
      const wait = setupRetryDelaySeconds(attempt, policy);
      try {
        await setUpBackend(job.env, flows, backendId, { actor: 'setup', retrySeconds: wait });
      } catch (e) {
        if (isInterrupted(e)) throw e;
        // The failure is the backend's health (recorded by setUpBackend); the next attempt comes after the wait.
        await enqueueSetup(env.db.pool, backendId, attempt + 1, wait);
        job.env.log.debug('backend set-up failed: tried again later', { backendId, attempt, retryInSeconds: wait, code: (e as { code?: string }).code ?? 'INTERNAL' });
      }
    });
  };
}
