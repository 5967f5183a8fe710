/**
 * A backend's set-up in its ERP, assembled from the flows: each flow's set-up steps run in the flows' order over
 * one context and add to one report (what was created, what was found, what could not be done), the shape the
 * API and the CLI show. Safe to run again: every step looks up before it creates. Then the conflicts the run
 * cured are retried by themselves (each flow's `curedBySetup`): nobody should have to retry them one by one.
 */
import type { BackendRecord } from '../../core/backend/index.ts';
import type { CoreServices } from '../../core/services.ts';
import type { ErpPort } from '../../erp/erp-port.ts';
import { goLiveOfFlow, type FlowDefinition } from './flow.ts';
import { conflictKindsOf } from './conflict-rerun.ts';
import { ensureModules, moduleDemandsOf, recordModuleHealth } from './erp-modules.ts';

/** An ERP record a set-up step created or found. */
export interface SetupRecord {
  what: string;
  erpModel: string;
  erpId: number;
}

export interface SetupReport {
  ok: boolean;
  created: SetupRecord[];
  found: SetupRecord[];
  /** Existing ERP records the set-up changed (with consent: currencies activated, the company's tax rounding). */
  changed: SetupRecord[];
  problems: Array<{ code: string; message: string }>;
  /** The open conflicts this run cured and queued for a retry (through the same path as a person's retry). */
  retried: { count: number; byCode: Record<string, number> };
}

/** What a set-up step works with; it adds to `report`. */
export interface SetupContext {
  core: CoreServices;
  erp: ErpPort;
  backend: BackendRecord;
  /** Who asked (the audit log's actor for the rows a step writes). */
  actor?: string;
  /**
   * This run's consent to create or change the ERP's accounting configuration (currencies, tax groups, taxes,
   * fiscal positions, tax rounding); unset: the backend setting erpSetup.createMissing decides.
   */
  createMissing?: boolean;
  /** This run's consent to install the ERP modules the flows need; unset: the backend setting erpSetup.installModules. */
  installModules?: boolean;
  report: SetupReport;
}

type SetupFlow = Pick<FlowDefinition, 'name' | 'goLive' | 'setup' | 'curedBySetup' | 'conflictKinds' | 'erpModules' | 'erpSubscriptions'>;

/** Runs every set-up step of `flows` for `backend`, then retries what it cured; `ok` when no step reported a problem. */
export async function runSetup(flows: readonly SetupFlow[], base: Omit<SetupContext, 'report'>): Promise<SetupReport> {
  const report: SetupReport = { ok: true, created: [], found: [], changed: [], problems: [], retried: { count: 0, byCode: {} } };
  const ctx: SetupContext = { ...base, report };
  // The ERP modules first: a flow whose module is missing waits (its steps would only fail on unknown models).
  const enabled = (f: SetupFlow) => goLiveOfFlow(f, base.backend.settings).enabled;
  const demands = moduleDemandsOf(flows, enabled, base.core.changeFeed?.publicUrl ?? null);
  const waiting = await ensureModules(ctx, demands);
  // The flows that can wait for a module (their state is recorded, and cleared once it is there).
  const canWait = [...new Set([...flows.filter((f) => f.erpModules?.length).map((f) => f.name), ...demands.map((d) => d.flow)])];
  await recordModuleHealth(base.core, base.backend.id, canWait, waiting, report.problems);
  for (const flow of flows) {
    if (waiting.has(flow.name)) continue;
    for (const step of flow.setup ?? []) await step.run(ctx);
  }
  report.ok = report.problems.length === 0;
  await retryCured(flows, ctx);
  return report;
}

/**
 * Per flow, the codes of its `curedBySetup` whose blocking problems this run did not report: the backend's open
 * conflicts of those codes and of the flow's kinds are resolved with "retry" in one transaction (the re-run hook
 * enqueues them; exactly once, as a person's retry). Not while the backend or the flow is off: their jobs would
 * do nothing, and the conflicts would be closed without a re-run.
 */
async function retryCured(flows: readonly SetupFlow[], ctx: SetupContext): Promise<void> {
  const { backend, core, report } = ctx;
  if (!backend.enabled) return;
  const reported = new Set(report.problems.map((p) => p.code));
  for (const flow of flows) {
    if (!goLiveOfFlow(flow, backend.settings).enabled) continue;
    const codes = Object.entries(flow.curedBySetup ?? {})
      .filter(([, blockers]) => !blockers.some((b) => reported.has(b)))
      .map(([code]) => code);
    const kinds = conflictKindsOf(flow);
    if (codes.length === 0 || kinds.length === 0) continue;
    const done = await core.conflicts.resolveWhere(
      { backendId: backend.id, codes, kinds },
      { action: 'retry', by: ctx.actor ?? 'setup', note: 'cured by a set-up run' },
    );
    report.retried.count += done.count;
    for (const [code, n] of Object.entries(done.byCode)) report.retried.byCode[code] = (report.retried.byCode[code] ?? 0) + n;
  }
}
