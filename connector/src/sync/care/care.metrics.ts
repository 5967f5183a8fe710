/**
 * The care gauge in /metrics (`FlowDefinition.metrics`): `aec_care_activities{state, reason}` per backend, read at
 * each scrape (alert on open ones piling up, or pending ones that stay: an order not imported, a bad assignee).
 */
import type { FlowGauge } from '../frame/flow.ts';

export const careMetrics: readonly FlowGauge[] = [
  {
    name: 'aec_care_activities',
    help: 'Buyer events that need a person, by state (pending: no ERP activity yet; open; done) and reason',
    labels: ['state', 'reason'],
    async collect(db, ids) {
      const { rows } = await db.query<{ backend_id: number; state: string; reason: string; n: number }>(
        'select backend_id, state, reason, count(*)::int as n from care_activity where backend_id = any($1::int[]) group by backend_id, state, reason',
        [[...ids]],
      );
      return rows.map((r) => ({ backendId: r.backend_id, labels: { state: r.state, reason: r.reason }, value: r.n }));
    },
  },
];
