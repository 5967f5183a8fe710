/**
 * A backend's set-up in its ERP, assembled from the flows: each flow's set-up steps run in the flows' order over
 * one context and add to one report (what was created, what was found, what could not be done), the shape the
 * API and the CLI show. Safe to run again: every step looks up before it creates.
 */
import type { BackendRecord } from '../../core/backend/index.ts';
import type { CoreServices } from '../../core/services.ts';
import type { ErpPort } from '../../erp/erp-port.ts';
import type { FlowDefinition } from './flow.ts';

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
  report: SetupReport;
}

/** Runs every set-up step of `flows` for `backend`; `ok` when no step reported a problem. */
export async function runSetup(
  flows: readonly Pick<FlowDefinition, 'setup'>[],
  base: Omit<SetupContext, 'report'>,
): Promise<SetupReport> {
  const report: SetupReport = { ok: true, created: [], found: [], changed: [], problems: [] };
  const ctx: SetupContext = { ...base, report };
  for (const flow of flows) for (const step of flow.setup ?? []) await step.run(ctx);
  report.ok = report.problems.length === 0;
  return report;
}
