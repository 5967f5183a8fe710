/**
 * What a flow declares about its conflicts (part of the flow contract, flow.ts): the kinds it raises and how each
 * is re-run once resolved, its own actions beside retry and dismiss, and the codes its set-up can cure. Everything
 * here runs in the resolving transaction: enqueue the ERP work through `tx`, never call the ERP.
 */
import type { Queryable } from '../../core/sql.ts';
import type { TaskEnv } from './task-env.ts';

/** What the hooks that run inside another transaction (enabling a backend, resolving a conflict) may use. */
export type FlowHookEnv = Pick<TaskEnv, 'db' | 'core'>;

/** What a re-run needs of a conflict: which record. */
export type ConflictRef = { backendId: number; kind: string; amazonKey: string };

/** A conflict kind the flow raises, and what "retry" does once a person resolved it (in the resolving transaction). */
export interface FlowConflictKind {
  kind: string;
  /** The record's ship-by deadline from the conflict's Amazon snapshot (null: none): sooner is listed first (money
   * conflicts, those whose code the error catalogue marks `money`, come before). */
  dueAtOf?(amazonSnapshot: unknown): Date | null;
  rerun(conflict: ConflictRef, tx: Queryable, env: FlowHookEnv): Promise<void>;
  /** The same for many conflicts of the kind at once (a bulk retry) in a few statements; without it, `rerun` each. */
  rerunMany?(conflicts: readonly ConflictRef[], tx: Queryable, env: FlowHookEnv): Promise<void>;
}

/** The conflict as an action sees it (what the store keeps of it; snapshots and diff carry no buyer data). */
export type ActionConflict = ConflictRef & { id: number; code: string; amazonSnapshot: unknown; erpSnapshot: unknown; diff: unknown };

/**
 * A flow's own action on a conflict (`cancel_in_erp`, `keep`), beside retry and dismiss: `run` in the resolving
 * transaction (enqueue the ERP work there via `tx`: never an ERP call inside it), once per conflict it closes;
 * `available` (default: always) says from the conflict itself whether it fits now (shown in the conflict's view;
 * refused with CONFLICT_ACTION_UNAVAILABLE otherwise). `name`: lower snake case.
 */
export interface FlowConflictAction {
  action: string;
  description: string;
  /** Why it is not offered when `available` says no (shown instead of the description). */
  unavailableWhy?: string;
  available?(conflict: ActionConflict): boolean;
  /** What the resolve body must carry for it (refused with CONFLICT_INPUT_MISSING before anything runs). */
  requires?: readonly ('productId' | 'note')[];
  /** `resolution.data`: the body's inputs (map_sku: `{ productId, sku }`). */
  run(conflict: ActionConflict, tx: Queryable, env: FlowHookEnv, resolution: { by: string; note?: string; data?: unknown }): Promise<void>;
}

/**
 * What a person may do with the flow's conflicts of one code, when it is not the usual retry-or-dismiss: `retry:
 * false` when a re-run can only raise the same conflict again (an order Amazon cancelled after its import),
 * `why` saying what to do instead; the flow's own `actions`; and actions that will fit it once built (`notYet`,
 * shown as unavailable).
 */
export interface FlowConflictActions {
  retry: boolean;
  why: string;
  actions?: readonly FlowConflictAction[];
  notYet?: ReadonlyArray<{ action: string; why: string }>;
}

/**
 * Conflict codes the flow's set-up can cure, each with the set-up problem codes that mean it may not be cured
 * yet: after a set-up run that reported none of those, the backend's open conflicts of the code (of the flow's
 * kinds) are retried by themselves. E.g. `{ TAX_UNMAPPED: ['TAX_UNMAPPED'] }`.
 */
export type SetupCures = Readonly<Record<string, readonly string[]>>;
