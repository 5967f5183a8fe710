/**
 * A flow's attempt, reported to its health (core/health): progress clears a failure, a failure is stored with its
 * stable code and a log-safe message. Either is logged only when the state changes, so a backend whose ERP refuses
 * our credentials says so once (and once more when it recovers), not every minute.
 */
import { isSyncError } from '../../core/errors.ts';
import type { TaskEnv } from './task-env.ts';
import { logSafeError } from '../../core/log-safe-error.ts';

/**
 * Reports one attempt of `flow` for `backendId`: `error` null for progress; `hint` says what happens next or what
 * to do, after the error's log-safe text. Never throws over the flow's own error.
 */
export async function reportFlowHealth(env: TaskEnv, backendId: number, flow: string, intervalSeconds: number, error: unknown, hint?: string): Promise<void> {
  try {
    if (error === null) {
      if (await env.core.health.progressed(backendId, flow, intervalSeconds)) env.log.info('flow recovered', { backendId, flow });
      return;
    }
    const code = isSyncError(error) ? error.code : 'INTERNAL';
    const safe = logSafeError(error);
    if (await env.core.health.failed(backendId, flow, intervalSeconds, code, hint ? `${safe.text}: ${hint}` : safe.text)) {
      env.log.warn('flow failing', { backendId, flow, code, error: safe.text });
    } else {
      env.log.debug('flow still failing', { backendId, flow, code });
    }
  } catch (e) {
    env.log.warn('could not record the health of a flow', { backendId, flow, error: e instanceof Error ? e.message : String(e) });
  }
}
