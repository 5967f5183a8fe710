/**
 * One conflict resolved through the API: retry (re-run), dismiss, ignore (dismiss with a required reason), or a
 * flow's own action (cancel_in_erp, keep, map_sku...) with the inputs it requires, each recorded on the row and in
 * the audit log by the store. Who may resolve which is the route's (api/auth/resolve-rights.ts).
 */
import type { CoreServices } from '../core/services.ts';
import { PermanentError } from '../core/errors.ts';
import type { Conflict, Resolution } from '../core/conflict/index.ts';
import type { FlowDefinition } from '../sync/frame/flow.ts';
import type { FlowHookEnv } from '../sync/frame/flow-conflicts.ts';
import { actionFits, actionUnavailable, assertRetryable, flowActionOf } from '../sync/frame/conflict-actions.ts';

export interface ResolveBody {
  action: string;
  note?: string;
  productId?: number;
  sku?: string;
}

/** The resolution recorded for `body` (`data`: the inputs an action takes); CONFLICT_INPUT_MISSING when one is missing. */
export function resolutionOf(flows: readonly Pick<FlowDefinition, 'conflictActions'>[], body: ResolveBody, actor: string, code?: string): Resolution {
  const note = body.note?.trim();
  if (body.action === 'ignore' && !note) throw new PermanentError('CONFLICT_INPUT_MISSING', 'ignore needs the reason in note', { action: 'ignore' });
  const requires = code ? (flowActionOf(flows, code, body.action)?.requires ?? []) : [];
  if (requires.includes('productId') && body.productId === undefined) throw new PermanentError('CONFLICT_INPUT_MISSING', `${body.action} needs productId`, { action: body.action });
  if (requires.includes('note') && !note) throw new PermanentError('CONFLICT_INPUT_MISSING', `${body.action} needs the reason in note`, { action: body.action });
  const data = { ...(body.productId !== undefined ? { productId: body.productId } : {}), ...(body.sku !== undefined ? { sku: body.sku } : {}) };
  return { action: body.action, by: actor, ...(note ? { note } : {}), ...(Object.keys(data).length ? { data } : {}) };
}

/** Resolves conflict `id` as `body` says; returns the closed conflict. */
export async function resolveConflict(
  core: Pick<CoreServices, 'conflicts'>,
  flows: readonly Pick<FlowDefinition, 'conflictActions'>[],
  env: FlowHookEnv,
  id: number,
  body: ResolveBody,
  actor: string,
): Promise<Conflict> {
  const current = await core.conflicts.get(id);
  if (body.action === 'dismiss' || body.action === 'ignore') return core.conflicts.dismiss(id, resolutionOf(flows, body, actor));
  if (body.action === 'retry') {
    // A retry that would only raise the same conflict again is refused, the conflict left open.
    assertRetryable(flows, current.code, { id });
    return core.conflicts.resolve(id, resolutionOf(flows, body, actor));
  }
  // A flow's own action: run in the resolving transaction, only where the conflict offers it now.
  const action = flowActionOf(flows, current.code, body.action);
  if (!action) throw actionUnavailable(current.code, body.action, { id });
  const resolution = resolutionOf(flows, body, actor, current.code);
  return core.conflicts.act(id, resolution, {
    offered: (x) => actionFits(action, x),
    run: async (cs, tx) => {
      for (const x of cs) await action.run(x, tx, env, resolution);
    },
  });
}
