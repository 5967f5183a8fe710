/**
 * A backend's health as the API and the CLI show it: the worst of its flows (failing > stalled > ok), and each flow.
 * A remote that refused the backend's credentials (AMAZON_AUTH_FAILED) beats them all: nothing of that remote
 * syncs until the credentials are replaced, and its message says what to do.
 */
import type { BackendHealthT } from '../api/backend.schemas.ts';
import type { AuthRefusal, AuthRefusalStore, FlowHealthRow, FlowHealthStore } from '../core/health/index.ts';

const RANK = { ok: 0, stalled: 1, failing: 2 } as const;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The health of one backend from its flows' rows (no row yet: ok, nothing reported). */
export function backendHealthOf(rows: readonly FlowHealthRow[], refusals: readonly AuthRefusal[] = []): BackendHealthT {
  const worst = rows.reduce<FlowHealthRow | null>((w, r) => (!w || RANK[r.state] > RANK[w.state] ? r : w), null);
  const refused = refusals[0];
  const bad = refused ? { state: 'failing' as const, ...refused } : worst && worst.state !== 'ok' ? worst : null;
  return {
    state: bad?.state ?? 'ok',
    code: bad?.code ?? null,
    message: bad?.message ?? null,
    since: bad ? iso(bad.since) : null,
    flows: rows.map((r) => ({
      flow: r.flow,
      state: r.state,
      code: r.code,
      message: r.message,
      since: iso(r.since),
      lastProgressAt: iso(r.lastProgressAt),
      expectedIntervalSeconds: r.expectedIntervalSeconds,
    })),
  };
}

/** The health of each of `backendIds`, in one query. */
export async function backendHealths(
  stores: { health: FlowHealthStore; authRefusals: AuthRefusalStore },
  backendIds: readonly number[],
): Promise<Map<number, BackendHealthT>> {
  const [rows, refusals] = await Promise.all([stores.health.list(backendIds), stores.authRefusals.list(backendIds)]);
  return new Map(backendIds.map((id) => [id, backendHealthOf(rows.filter((r) => r.backendId === id), refusals.filter((r) => r.backendId === id))]));
}
