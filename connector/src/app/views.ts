/** Turns stored rows into the API's shapes (ISO times, money as decimal strings beside their currency). */
import type { BackendRecord } from '../core/backend/index.ts';
import type { Conflict } from '../core/conflict/index.ts';
import type { SyncRunRow, SyncStepRow } from '../core/workflow/run-log.ts';
import type { AuditEntryViewT, BackendHealthT, BackendView, ConflictViewT, SyncRunViewT } from '../api/schemas.ts';
import type { AuditRecord } from '../core/audit/index.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface BackendSyncRow {
  cursor: Date | null;
  lastSweepAt: Date | null;
  lastSweepStatus: string | null;
  imported: number;
  waiting: number;
  failed: number;
  openConflicts: number;
}

export function backendView(b: BackendRecord, s: BackendSyncRow, health: BackendHealthT): BackendView {
  return {
    id: b.id,
    name: b.name,
    amazon: { region: b.amazonRegion, sellerId: b.sellerId, marketplaceIds: b.marketplaceIds },
    erp: { url: b.erpUrl, database: b.erpDb, version: b.erpVersion },
    settings: b.settings,
    enabled: b.enabled,
    state: b.enabled ? 'active' : 'disabled',
    sync: {
      cursor: iso(s.cursor),
      lastSweepAt: iso(s.lastSweepAt),
      lastSweepStatus: s.lastSweepStatus,
      ordersImported: s.imported,
      ordersWaiting: s.waiting,
      openConflicts: s.openConflicts,
      failedRecords: s.failed,
    },
    health,
    createdAt: b.createdAt.toISOString(),
  };
}

export function conflictView(c: Conflict): ConflictViewT {
  return {
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
