/**
 * How urgent a conflict is: `money` (its code is one the error catalogue marks money: the codes the accountant role
 * resolves) and `dueAt` (the record's ship-by deadline, from its kind's `dueAtOf`). The store orders its list by
 * money first, then the soonest deadline, then the oldest.
 */
import type { FlowDefinition } from './flow.ts';

type UrgencyFlows = readonly Pick<FlowDefinition, 'conflictKinds'>[];

export interface ConflictUrgency {
  money: boolean;
  dueAt: Date | null;
}

const kindOf = (flows: UrgencyFlows, kind: string) => flows.flatMap((f) => f.conflictKinds ?? []).find((k) => k.kind === kind);

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
export function conflictUrgency(flows: UrgencyFlows, moneyCodes: ReadonlySet<string>, c: { kind: string; code: string; amazonSnapshot?: unknown }): ConflictUrgency {
  return { money: moneyCodes.has(c.code), dueAt: deadlineOf(flows, c) };
}

/** The deadline at `path` of a snapshot when it is an ISO 8601 time (an order's fulfillment.shipByWindow.latestDateTime). */
export function isoAt(snapshot: unknown, path: readonly string[]): Date | null {
  let v: unknown = snapshot;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
