/**
 * The ship-by gauge in /metrics (`FlowDefinition.metrics`), per backend: `aec_ship_by_orders{state="at_risk"}`, open
 * merchant-fulfilled orders due within the backend's threshold, and `{state="late"}`, those already past their
 * latest ship time. Read at each scrape from the stored orders, in two statements whatever the number of backends
 * (what keeps a seller's late-shipment rate under 4 %: alert on `late > 0`, watch `at_risk` rise).
 */
import type { Queryable } from '../../../core/sql.ts';
import type { FlowGauge } from '../../frame/flow.ts';
import { countAtRisk } from './ship-by.queries.ts';
import { shipByHoursOf } from './ship-by.settings.ts';

/** The backends' thresholds as stored. */
async function thresholds(db: Queryable, ids: readonly number[]): Promise<Map<number, number>> {
  const { rows } = await db.query<{ id: number; settings: unknown }>('select id, settings from backend where id = any($1::int[])', [[...ids]]);
  return new Map(rows.map((r) => [r.id, shipByHoursOf(r.settings)]));
}

export const shipByMetrics: readonly FlowGauge[] = [
  {
    name: 'aec_ship_by_orders',
    help: "Unshipped merchant-fulfilled orders by ship-by risk: at_risk = latest ship time within the backend's shipments.shipByAlertHours, late = past it",
    labels: ['state'],
    async collect(db, ids) {
      const counts = await countAtRisk(db, await thresholds(db, ids));
      return [...counts].flatMap(([backendId, c]) => [
        { backendId, labels: { state: 'at_risk' }, value: c.atRisk },
        { backendId, labels: { state: 'late' }, value: c.late },
      ]);
    },
  },
];
