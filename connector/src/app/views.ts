/** Turns stored rows into the API's shapes (ISO times, money as decimal strings beside their currency). */
import type { BackendRecord } from '../core/backend/index.ts';
import type { Conflict } from '../core/conflict/index.ts';
import type { SyncRunRow, SyncStepRow } from '../core/workflow/run-log.ts';
import type { AuditEntryViewT } from '../api/audit.schemas.ts';
import type { BackendHealthT, BackendView } from '../api/backend.schemas.ts';
import type { ConflictViewT } from '../api/conflict.schemas.ts';
import type { SyncRunViewT } from '../api/sync-run.schemas.ts';
import type { AuditRecord } from '../core/audit/index.ts';
import { conflictActionsOf } from '../sync/frame/conflict-actions.ts';
import type { FlowDefinition } from '../sync/frame/flow.ts';
import { sidesOf } from './conflict-detail.ts';
import { flowOfKind } from './conflict-queries.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface BackendSyncRow {
  cursor: Date | null;
  lastSweepAt: Date | null;
  lastSweepStatus: string | null;
  openConflicts: number;
  /** Each flow's records by state (its `status.counts`), by flow name; `{}` for a flow without records. */
  flows: Record<string, Record<string, number>>;
}

/** Records in state `failed`, summed over the flows. */
export const failedOf = (flows: BackendSyncRow['flows']) => Object.values(flows).reduce((n, c) => n + (c.failed ?? 0), 0);

/**
 * COMPATIBILITY: the order flow's numbers under the names they had before flows were listed (`ordersImported`,
 * `ordersWaiting`, the CLI's `orders`); new readers use `flows.orders`. Waiting counts the queued ones too.
 */
export function legacyOrderCounts(flows: BackendSyncRow['flows']) {
  const o = flows.orders ?? {};
  return { imported: o.imported ?? 0, waiting: (o.waiting ?? 0) + (o.queued ?? 0), failed: o.failed ?? 0 };
}

export function backendView(b: BackendRecord, s: BackendSyncRow, health: BackendHealthT): BackendView {
  const legacy = legacyOrderCounts(s.flows);
  return {
    id: b.id,
    name: b.name,
    amazon: { region: b.amazonRegion, sellerId: b.sellerId, marketplaceIds: b.marketplaceIds },
    erp: { url: b.erpUrl, database: b.erpDb, version: b.erpVersion, companyId: b.erpCompanyId },
    settings: b.settings,
    enabled: b.enabled,
    state: b.enabled ? 'active' : 'disabled',
    sync: {
      cursor: iso(s.cursor),
      lastSweepAt: iso(s.lastSweepAt),
      lastSweepStatus: s.lastSweepStatus,
      ordersImported: legacy.imported,
      ordersWaiting: legacy.waiting,
      openConflicts: s.openConflicts,
      failedRecords: failedOf(s.flows),
      flows: s.flows,
    },
    health,
    setUpAt: b.setUpAt ? b.setUpAt.toISOString() : null,
    createdAt: b.createdAt.toISOString(),
  };
}

/** A conflict with both sides, the fields that differ, and the actions that fit its code (the flows' `conflictActions`). */
export function conflictView(
  c: Conflict,
  flows: Parameters<typeof conflictActionsOf>[0] & readonly Pick<FlowDefinition, 'name' | 'conflictKinds'>[],
  seen: Pick<ConflictViewT, 'attempts' | 'history'> = { attempts: [], history: [] },
): ConflictViewT {
  return {
    ...sidesOf(c),
    ...seen,
    flow: flowOfKind(flows, c.kind),
    money: c.money,
    dueAt: iso(c.dueAt),
    occurrences: c.occurrences,
    updatedAt: c.updatedAt.toISOString(),
    id: c.id,
    backendId: c.backendId,
    kind: c.kind,
    amazonKey: c.amazonKey,
    code: c.code,
    message: c.message,
    status: c.status,
    amazonSnapshot: c.amazonSnapshot,
    erpSnapshot: c.erpSnapshot,
    diff: c.diff,
    resolution: c.resolution,
    actions: conflictActionsOf(flows, c),
    createdAt: c.createdAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
  };
}

export function runView(r: SyncRunRow, steps?: SyncStepRow[]): SyncRunViewT {
  return {
    id: r.id,
    backendId: r.backendId,
    flow: r.flow,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    counts: r.counts,
    errorCode: r.errorCode,
    correlationId: r.correlationId,
    subject: r.subject,
    outcome: r.outcome ?? null,
    ...(steps ? { steps: steps.map((s) => ({ recordKey: s.recordKey, step: s.step, status: s.status, errorCode: s.errorCode, ms: Math.round(s.ms) })) } : {}),
  };
}

export function auditEntryView(a: AuditRecord): AuditEntryViewT {
  return { id: a.id, at: a.at.toISOString(), actor: a.actor, action: a.action, backendId: a.backendId, target: a.target, before: a.before, after: a.after };
}
