/**
 * Retry or dismiss many open conflicts of one backend at once (the API's POST /api/conflicts/resolve and the CLI's
 * `conflicts retry|dismiss`): the same store actions as a single retry or dismiss (core's resolveWhere /
 * dismissWhere: the re-run hook, the audit entry per conflict, one transaction), or, dry, only the count. A retry
 * leaves out the codes that refuse it (sync/frame/conflict-actions.ts), and refuses a request that names one.
 */
import type { CoreServices } from '../core/services.ts';
import { PermanentError } from '../core/errors.ts';
import type { BulkOutcome, ConflictSelection } from '../core/conflict/index.ts';
import type { FlowDefinition } from '../sync/frame/flow.ts';
import { conflictKindsOf } from '../sync/frame/conflict-rerun.ts';
import { actionFits, actionUnavailable, assertRetryable, codesOffering, flowActionOf, notRetryableCodes } from '../sync/frame/conflict-actions.ts';
import type { FlowHookEnv } from '../sync/frame/flow-conflicts.ts';
import { resolutionOf } from './conflict-resolution.ts';
import { MAP_SKU } from '../sync/orders/index.ts';

export interface BulkConflictRequest {
  /** retry, dismiss, or a flow's own action (run for the selected conflicts whose code offers it and that it fits). */
  action: string;
  backendId: number;
  codes?: readonly string[];
  kinds?: readonly string[];
  /** The conflicts of this flow's kinds (with `kinds`: of both). */
  flow?: string;
  amazonKey?: string;
  ids?: readonly number[];
  createdAfter?: Date;
  createdBefore?: Date;
  note?: string;
  /** map_sku: the ERP product, and the SKU whose open conflicts it resolves (required in bulk). */
  productId?: number;
  sku?: string;
  /** Count what would be acted on, act on nothing. */
  dryRun?: boolean;
}

export interface BulkConflictResult extends BulkOutcome {
  action: string;
  dryRun: boolean;
}

/** Acts on (or counts) the open conflicts `req` selects; `actor` is the audit log's; `hookEnv` runs flow actions. */
export async function bulkResolveConflicts(
  core: Pick<CoreServices, 'backends' | 'conflicts'>,
  flows: readonly Pick<FlowDefinition, 'name' | 'conflictKinds' | 'conflictActions'>[],
  req: BulkConflictRequest,
  actor: string,
  hookEnv?: FlowHookEnv,
): Promise<BulkConflictResult> {
  const state = await core.backends.state(req.backendId);
  if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${req.backendId} does not exist`, { backendId: req.backendId });
  // A retry's jobs do nothing while the backend is off: the conflicts would be closed without a re-run.
  if (req.action === 'retry' && state === 'disabled') {
    throw new PermanentError('BACKEND_DISABLED', `backend ${req.backendId} is disabled: enable it first, then retry its conflicts`, { backendId: req.backendId });
  }
  // A retry never closes a conflict whose re-run would only raise it again: named, refused; else left out.
  const excluded = req.action === 'retry' ? notRetryableCodes(flows) : [];
  for (const code of req.codes ?? []) if (excluded.includes(code)) assertRetryable(flows, code, { backendId: req.backendId });
  const sel: ConflictSelection = {
    backendId: req.backendId,
    ...(req.codes ? { codes: req.codes } : {}),
    ...(excluded.length ? { excludeCodes: excluded } : {}),
    ...(kindsOf(flows, req) ?? {}),
    ...(req.amazonKey ? { amazonKey: req.amazonKey } : {}),
    ...(req.ids ? { ids: req.ids } : {}),
    ...(req.createdAfter ? { createdAfter: req.createdAfter } : {}),
    ...(req.createdBefore ? { createdBefore: req.createdBefore } : {}),
  };
  const base = { action: req.action, dryRun: req.dryRun === true };
  if (req.action === MAP_SKU) {
    // In bulk, map_sku acts on one SKU's conflicts: all of them get the same product.
    if (req.sku === undefined) throw new PermanentError('CONFLICT_INPUT_MISSING', 'map_sku in bulk needs sku (whose conflicts it resolves)', { action: req.action });
    sel.diffSku = req.sku;
  }
  const codeOf = req.action === 'retry' || req.action === 'dismiss' || req.action === 'ignore' ? undefined : codesOffering(flows, req.action)[0];
  const resolution = resolutionOf(flows, req, actor, codeOf);
  if (req.action === 'ignore') {
    return { ...base, ...(req.dryRun ? await core.conflicts.countOpen(sel) : await core.conflicts.dismissWhere(sel, resolution)) };
  }
  if (req.action !== 'retry' && req.action !== 'dismiss') {
    // A flow's action: only among the codes that offer it (a named code that does not is refused).
    const offering = codesOffering(flows, req.action);
    const named = req.codes ?? offering;
    for (const code of named) if (!offering.includes(code)) throw actionUnavailable(code, req.action, { backendId: req.backendId });
    if (!offering.length) throw actionUnavailable('any', req.action, { backendId: req.backendId });
    const chosen = { ...sel, codes: named };
    if (req.dryRun) return { ...base, ...(await core.conflicts.countOpen(chosen)) };
    if (!hookEnv) throw new PermanentError('BAD_REQUEST', `the action ${req.action} needs the worker's services`, { action: req.action });
    return {
      ...base,
      ...(await core.conflicts.actWhere(chosen, resolution, {
        offered: (c) => actionFits(flowActionOf(flows, c.code, req.action)!, c),
        run: async (cs, tx) => {
          for (const c of cs) await flowActionOf(flows, c.code, req.action)!.run(c, tx, hookEnv, resolution);
        },
      })),
    };
  }
  if (req.dryRun) return { ...base, ...(await core.conflicts.countOpen(sel)) };
  const done = req.action === 'retry' ? await core.conflicts.resolveWhere(sel, resolution) : await core.conflicts.dismissWhere(sel, resolution);
  return { ...base, ...done };
}

/** The kinds filter: the flow's kinds (an unknown flow is refused), narrowed by `kinds` when both are given. */
function kindsOf(flows: readonly Pick<FlowDefinition, 'name' | 'conflictKinds'>[], req: BulkConflictRequest): { kinds: readonly string[] } | null {
  if (req.flow === undefined) return req.kinds ? { kinds: req.kinds } : null;
  const flow = flows.find((f) => f.name === req.flow);
  if (!flow) throw new PermanentError('BAD_REQUEST', `unknown flow "${req.flow}": one of ${flows.map((f) => f.name).join(', ')}`, { flow: req.flow });
  const own = conflictKindsOf(flow);
  return { kinds: req.kinds ? own.filter((k) => req.kinds!.includes(k)) : own };
}
