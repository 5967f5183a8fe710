/**
 * The actions each conflict offers, from the flows' `conflictActions`: retry (re-run the sync after fixing what
 * it names) and dismiss (close it: handled by hand, or acknowledged) by default; a code whose re-run can only raise
 * it again refuses "retry" with CONFLICT_NOT_RETRYABLE instead of closing it and opening its twin at once, and
 * may list actions that will fit it later as unavailable, with why.
 */
import { PermanentError } from '../../core/errors.ts';
import type { FlowDefinition } from './flow.ts';

export interface ConflictAction {
  action: string;
  available: boolean;
  description: string;
}

type ActionFlows = readonly Pick<FlowDefinition, 'conflictActions'>[];

const RETRY = 'retry: run the sync of this record again (after fixing what the conflict names)';
const DISMISS = 'dismiss: close the conflict without syncing (handled by hand, or acknowledged)';

const ruleOf = (flows: ActionFlows, code: string) => flows.find((f) => f.conflictActions?.[code])?.conflictActions?.[code];

/** What a person may do with a conflict of `code`. */
export function conflictActionsOf(flows: ActionFlows, code: string): ConflictAction[] {
  const rule = ruleOf(flows, code);
  if (!rule) return [{ action: 'retry', available: true, description: RETRY }, { action: 'dismiss', available: true, description: DISMISS }];
  return [
    { action: 'retry', available: rule.retry, description: rule.retry ? RETRY : `retry is not offered: ${rule.why}` },
    { action: 'dismiss', available: true, description: DISMISS },
    ...(rule.notYet ?? []).map((a) => ({ action: a.action, available: false, description: a.why })),
  ];
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
