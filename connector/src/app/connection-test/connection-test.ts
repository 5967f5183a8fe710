/**
 * "Test connection": both sides of a backend checked at once, each check time-boxed, one row per check with a
 * stable code and what to do. Nothing is stored and no secret is echoed; the same code tests a saved backend and
 * a form not yet saved. The ERP modules checked are the ones the order flow writes to plus the switched-on flows'
 * own (what the set-up checks).
 */
import type { BackendSettings, ErpUrlPolicy } from '../../core/backend/index.ts';
import type { QuotaGate } from '../../core/rate-limit/index.ts';
import { goLiveOfFlow } from '../../sync/frame/flow.ts';
import { moduleDemandsOf } from '../../sync/frame/erp-modules.ts';
import type { AssembledFlow } from '../flow-list.ts';
import { amazonChecks } from './amazon-checks.ts';
import type { CheckRow } from './check-row.ts';
import type { ConnectionDraft } from './connection-draft.ts';
import { erpChecks } from './erp-checks.ts';

export interface ConnectionTestResult {
  ok: boolean;
  checks: CheckRow[];
}

export interface ConnectionTestOptions {
  gate: QuotaGate;
  amazonEndpoint: { host: string; port: number } | null;
  erpUrls?: ErpUrlPolicy;
  /** Each check's time box (default 10 s). */
  timeoutMs?: number;
  flows: readonly AssembledFlow[];
  /** The connector's public URL (the change feed's webhooks need base_automation then). */
  publicUrl?: string | null;
}

/** The ERP modules every backend needs: the models the order flow reads and writes. */
export const BASE_MODULES = [
  { name: 'sale_management', why: 'sales orders (sale.order) and the Sales app' },
  { name: 'stock', why: 'warehouses and deliveries' },
  { name: 'account', why: 'taxes, fiscal positions and invoices' },
] as const;

export async function testConnection(d: ConnectionDraft, settings: BackendSettings, opts: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const demands = moduleDemandsOf(opts.flows, (f) => goLiveOfFlow(f, settings).enabled, opts.publicUrl ?? null);
  const modules = [...BASE_MODULES, ...demands.filter((m) => !BASE_MODULES.some((b) => b.name === m.name))];
  const [amazon, erp] = await Promise.all([
    amazonChecks(d, { gate: opts.gate, endpoint: opts.amazonEndpoint, timeoutMs }),
    erpChecks(d, { ...(opts.erpUrls ? { erpUrls: opts.erpUrls } : {}), timeoutMs, modules }),
  ]);
  const checks = [...amazon, ...erp];
  return { ok: checks.every((c) => c.ok), checks };
}
