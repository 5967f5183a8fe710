/**
 * What "retry" runs for resolved conflicts: each through the flow that declares its kind, many of a kind in one
 * `rerunMany` call when the flow has one (a bulk retry must stay a few statements, not one per conflict).
 */
import type { Queryable } from '../../core/sql.ts';
import type { FlowDefinition } from './flow.ts';
import type { ConflictRef, FlowHookEnv } from './flow-conflicts.ts';

/** Re-runs `conflicts` inside the resolving transaction `tx`; a kind no flow declares re-runs nothing. */
export async function rerunConflicts(
  flows: readonly Pick<FlowDefinition, 'conflictKinds'>[],
  conflicts: readonly ConflictRef[],
  tx: Queryable,
  env: FlowHookEnv,
): Promise<void> {
  const byKind = new Map<string, ConflictRef[]>();
  for (const c of conflicts) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  for (const [kind, list] of byKind) {
    const declared = flows.flatMap((f) => f.conflictKinds ?? []).find((k) => k.kind === kind);
    if (!declared) continue;
    if (declared.rerunMany) await declared.rerunMany(list, tx, env);
    else for (const c of list) await declared.rerun(c, tx, env);
  }
}

/** The conflict kinds a flow raises (what "its conflicts" means for a filter by flow). */
export const conflictKindsOf = (flow: Pick<FlowDefinition, 'conflictKinds'>): string[] => (flow.conflictKinds ?? []).map((k) => k.kind);
