/**
 * How urgent a conflict is, from the flows' conflict kind declarations: `money` (the kind or its code is about
 * money) and `dueAt` (the record's ship-by deadline). The store orders its list by money first, then the soonest
 * deadline, then the oldest; the API shows `money` and lets the accountant role resolve those only.
 */
import type { FlowDefinition } from './flow.ts';

type UrgencyFlows = readonly Pick<FlowDefinition, 'conflictKinds'>[];

export interface ConflictUrgency {
  money: boolean;
  dueAt: Date | null;
}

const kindOf = (flows: UrgencyFlows, kind: string) => flows.flatMap((f) => f.conflictKinds ?? []).find((k) => k.kind === kind);

/** Whether a conflict of `kind` and `code` is a money conflict. */
export function isMoneyConflict(flows: UrgencyFlows, c: { kind: string; code: string }): boolean {
  const k = kindOf(flows, c.kind);
  return k?.money === true || (k?.moneyCodes ?? []).includes(c.code);
}

/** The kind's deadline of the snapshot; one that cannot be read is none (a conflict is raised whatever its snapshot). */
function deadlineOf(flows: UrgencyFlows, c: { kind: string; amazonSnapshot?: unknown }): Date | null {
  try {
    const d = kindOf(flows, c.kind)?.dueAtOf?.(c.amazonSnapshot) ?? null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  } catch {
    return null;
  }
}

/** The urgency of a conflict about to be raised (a deadline that cannot be read is none). */
export function conflictUrgency(flows: UrgencyFlows, c: { kind: string; code: string; amazonSnapshot?: unknown }): ConflictUrgency {
  return { money: isMoneyConflict(flows, c), dueAt: deadlineOf(flows, c) };
}

/** The deadline at `path` of a snapshot when it is an ISO 8601 time (an order's fulfillment.shipByWindow.latestDateTime). */
export function isoAt(snapshot: unknown, path: readonly string[]): Date | null {
  let v: unknown = snapshot;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
