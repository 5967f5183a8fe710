/**
 * Amazon refusing a backend's credentials is a state of the backend, not an error of every job: the first refusal
 * is recorded (core/health/auth-refusals.ts) with what to do, said once in the log, and the flows' Amazon calls
 * then wait for new credentials (which delete the refusal) instead of asking LWA again every sweep.
 */
import { isSyncError } from '../../core/errors.ts';
import type { TaskEnv } from './task-env.ts';

export const AMAZON = 'amazon';

/** What the integrator is told to do, after what Amazon said (its error code and message: never a secret). */
export function amazonAuthAdvice(backendId: number, said: string): string {
  return (
    `Amazon refused this backend's credentials (${said}). The seller may have revoked the app's authorisation, or ` +
    `the LWA client id or secret changed: have the seller authorise the app again in Seller Central, then store the new ` +
    `credentials (PUT /api/backends/${backendId}/credentials/amazon, or the AMAZON_* variables at the next boot). ` +
    'Syncing with Amazon waits until then.'
  );
}

/** True when Amazon's refusal of this backend's credentials stands: its Amazon calls wait for new credentials. */
export async function amazonAuthRefused(env: TaskEnv, backendId: number): Promise<boolean> {
  return (await env.core.authRefusals.current(backendId, AMAZON)) !== null;
}

/** Records `error` as the backend's Amazon auth refusal when it is one (AMAZON_AUTH_FAILED); true when it was. */
export async function noteAmazonAuthRefusal(env: TaskEnv, backendId: number, error: unknown): Promise<boolean> {
  if (!isSyncError(error) || error.code !== 'AMAZON_AUTH_FAILED') return false;
  const d = (error.details ?? {}) as { amazonCode?: string; amazonMessage?: string; reason?: string };
  const said = [d.amazonCode ?? d.reason, d.amazonMessage].filter(Boolean).join(': ') || error.message.slice(0, 200);
  if (await env.core.authRefusals.refused(backendId, AMAZON, 'AMAZON_AUTH_FAILED', amazonAuthAdvice(backendId, said))) {
    env.log.warn('Amazon refused the backend credentials: its Amazon sync waits for new ones', { backendId, amazon: said });
  }
  return true;
}
