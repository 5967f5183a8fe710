/** Messages by state per backend (the flow's status counts: API, /metrics, CLI `status`). */
import type { Queryable } from '../../core/sql.ts';

export async function countMessages(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    'select backend_id, state, count(*)::int as n from buyer_message where backend_id = any($1::int[]) group by backend_id, state',
    [[...backendIds]],
  );
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.backend_id, { ...out.get(r.backend_id), [r.state]: r.n });
  return out;
}
