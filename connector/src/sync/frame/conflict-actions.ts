/**
 * The actions each conflict offers, from the flows' `conflictActions`: retry (re-run the sync after fixing what
 * it names) and dismiss (close it: handled by hand, or acknowledged) by default; a code whose re-run can only raise
 * it again refuses "retry" with CONFLICT_NOT_RETRYABLE instead of closing it and opening its twin at once; a flow's
 * own actions (`cancel_in_erp`, `keep`), available or not for the conflict as it stands; and actions that will fit
 * it later as unavailable, with why.
 */
import { PermanentError } from '../../core/errors.ts';
import type { FlowDefinition } from './flow.ts';
import type { ActionConflict, FlowConflictAction } from './flow-conflicts.ts';

export interface ConflictAction {
  action: string;
  available: boolean;
  description: string;
}

type ActionFlows = readonly Pick<FlowDefinition, 'conflictActions'>[];

const RETRY = 'retry: run the sync of this record again (after fixing what the conflict names)';
const DISMISS = 'dismiss: close the conflict without syncing (handled by hand, or acknowledged)';

const ruleOf = (flows: ActionFlows, code: string) => flows.find((f) => f.conflictActions?.[code])?.conflictActions?.[code];

/** Whether `a` fits `conflict` as it stands (an action without `available` always does). */
export const actionFits = (a: FlowConflictAction, conflict: ActionConflict): boolean => (a.available ? a.available(conflict) : true);

/** What a person may do with `conflict` (its code's rule; the flow's own actions as they fit it now). */
export function conflictActionsOf(flows: ActionFlows, conflict: ActionConflict): ConflictAction[] {
  const rule = ruleOf(flows, conflict.code);
  if (!rule) return [{ action: 'retry', available: true, description: RETRY }, { action: 'dismiss', available: true, description: DISMISS }];
  return [
    { action: 'retry', available: rule.retry, description: rule.retry ? RETRY : `retry is not offered: ${rule.why}` },
    { action: 'dismiss', available: true, description: DISMISS },
    ...(rule.actions ?? []).map((a) => {
      const fits = actionFits(a, conflict);
      return { action: a.action, available: fits, description: fits ? a.description : `${a.action} is not offered now: ${a.unavailableWhy ?? a.description}` };
    }),
    ...(rule.notYet ?? []).filter((n) => !rule.actions?.some((a) => a.action === n.action)).map((a) => ({ action: a.action, available: false, description: a.why })),
  ];
}

/** The flow action `action` of `code`, or null when the code's flow declares none of that name. */
export function flowActionOf(flows: ActionFlows, code: string, action: string): FlowConflictAction | null {
  return ruleOf(flows, code)?.actions?.find((a) => a.action === action) ?? null;
}

/** The codes that offer the flow action `action` (a bulk action selects among them only). */
export function codesOffering(flows: ActionFlows, action: string): string[] {
  return flows.flatMap((f) => Object.entries(f.conflictActions ?? {}).filter(([, r]) => r.actions?.some((a) => a.action === action)).map(([code]) => code));
}

/** Throws CONFLICT_ACTION_UNAVAILABLE: `action` is not one the conflict's code offers. */
export function actionUnavailable(code: string, action: string, details: Record<string, unknown> = {}): PermanentError {
  return new PermanentError('CONFLICT_ACTION_UNAVAILABLE', `"${action}" is not an action of ${code} conflicts`, { code, action, ...details });
}

/** The codes whose conflicts refuse "retry". */
export function notRetryableCodes(flows: ActionFlows): string[] {
  return flows.flatMap((f) => Object.entries(f.conflictActions ?? {}).filter(([, r]) => !r.retry).map(([code]) => code));
}

/** Throws CONFLICT_NOT_RETRYABLE when a conflict of `code` must not be retried. */
export function assertRetryable(flows: ActionFlows, code: string, details: Record<string, unknown> = {}): void {
  const rule = ruleOf(flows, code);
  if (rule && !rule.retry) {
    throw new PermanentError('CONFLICT_NOT_RETRYABLE', `a ${code} conflict cannot be retried: ${rule.why}`, { code, ...details });
  }
}
