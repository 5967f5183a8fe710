/**
 * Read side of the ship-by risk list: the stored Amazon orders (the orders flow's documents) that are
 * merchant-fulfilled and not shipped yet, with their latest ship time, their import state and their ERP order.
 * The partial index of Migration20261204050000 holds exactly these rows, so the cost follows the open orders, not
 * the history.
 */
import { joinBinding } from '../../../core/binding/binding-join.ts';
import type { Queryable } from '../../../core/sql.ts';
import { ORDER_DOCUMENT, ORDERS_FLOW } from '../../orders/index.ts';

const KIND = ORDER_DOCUMENT.name;
if (!/^[a-z_]+$/.test(KIND) || !/^[a-z_]+$/.test(ORDERS_FLOW)) throw new Error('ship-by: unexpected order document kind or flow name');

// A timestamp Amazon wrote in ISO 8601; anything else is left out rather than failing the whole list on a cast.
const ISO = `'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)$'`;
const latestOf = (o: string) => `(case when ${o}.payload #>> '{fulfillment,shipByWindow,latestDateTime}' ~ ${ISO}
  then (${o}.payload #>> '{fulfillment,shipByWindow,latestDateTime}')::timestamptz end)`;

/** Open merchant-fulfilled orders: the predicate of the partial index (literals, so the planner matches it). */
const OPEN_MFN = (o: string) =>
  `${o}.kind = '${KIND}' and ${o}.summary ->> 'fulfilledBy' = 'MERCHANT' and ${o}.summary ->> 'status' in ('UNSHIPPED', 'PARTIALLY_SHIPPED')`;

export interface AtRiskRow {
  amazonOrderId: string;
  marketplaceId: string;
  amazonStatus: string;
  latestShipAt: Date;
  late: boolean;
  syncState: string;
  erpOrder: { id: number; name: string | null } | null;
}

export interface AtRiskList {
  asOf: Date;
  rows: AtRiskRow[];
  /** Totals, whatever the limit. */
  atRisk: number;
  late: number;
}

interface Row {
  key: string;
  marketplace_id: string | null;
  status: string;
  latest: Date;
  late: boolean;
  sync_state: string | null;
  erp_name: string | null;
  erp_id: number | null;
  total: number;
  as_of: Date;
}

/**
 * The backend's open merchant-fulfilled orders due within `thresholdHours` (late ones included), soonest latest
 * ship time first; at most `limit` late ones and `limit` not yet late ones.
 */
export async function listAtRisk(db: Queryable, backendId: number, q: { thresholdHours: number; limit: number }): Promise<AtRiskList> {
  const { rows } = await db.query<Row>(
    `with due as (
       select o.backend_id, o.key, o.summary ->> 'marketplaceId' as marketplace_id, o.summary ->> 'status' as status, ${latestOf('o')} as latest
         from fetched_document o where o.backend_id = $1 and ${OPEN_MFN('o')}
     ), ranked as (
       select d.*, d.latest < now() as late,
              row_number() over (partition by d.latest < now() order by d.latest, d.key) as n,
              count(*) over (partition by d.latest < now())::int as total
         from due d where d.latest < now() + make_interval(hours => $2::int)
     )
     select r.key, r.marketplace_id, r.status, r.latest, r.late, r.total, now() as as_of,
            coalesce(s.state, 'queued') as sync_state, s.detail ->> 'erpName' as erp_name, b.erp_id
       from ranked r
       left join record_state s on s.backend_id = $1 and s.flow = '${ORDERS_FLOW}' and s.key = r.key
       ${joinBinding('b', { backendId: 'r.backend_id', kind: 'order', amazonKey: 'r.key' })}
      where r.n <= $3
      order by r.latest, r.key`,
    [backendId, q.thresholdHours, q.limit],
  );
  // An empty answer still says when it was read.
  const asOf = rows[0]?.as_of ?? (await db.query<{ now: Date }>('select now() as now')).rows[0]!.now;
  return {
    asOf,
    rows: rows.map((r) => ({
      amazonOrderId: r.key,
      marketplaceId: r.marketplace_id ?? '',
      amazonStatus: r.status,
      latestShipAt: r.latest,
      late: r.late,
      syncState: r.sync_state ?? 'queued',
      erpOrder: r.erp_id === null ? null : { id: r.erp_id, name: r.erp_name },
    })),
    atRisk: rows.find((r) => !r.late)?.total ?? 0,
    late: rows.find((r) => r.late)?.total ?? 0,
  };
}

/** Per backend, how many open merchant-fulfilled orders are late and how many are due within its threshold. */
export async function countAtRisk(db: Queryable, thresholds: ReadonlyMap<number, number>): Promise<Map<number, { atRisk: number; late: number }>> {
  const ids = [...thresholds.keys()];
  const out = new Map<number, { atRisk: number; late: number }>(ids.map((id) => [id, { atRisk: 0, late: 0 }]));
  if (ids.length === 0) return out;
  const { rows } = await db.query<{ backend_id: number; at_risk: number; late: number }>(
    `with t as (select * from unnest($1::int[], $2::int[]) as t(backend_id, hours)),
     due as (select o.backend_id, ${latestOf('o')} as latest from fetched_document o join t on t.backend_id = o.backend_id where ${OPEN_MFN('o')})
     select d.backend_id, count(*) filter (where d.latest < now())::int as late,
            count(*) filter (where d.latest >= now() and d.latest < now() + make_interval(hours => t.hours))::int as at_risk
       from due d join t on t.backend_id = d.backend_id group by d.backend_id`,
    [ids, ids.map((id) => thresholds.get(id)!)],
  );
  for (const r of rows) out.set(r.backend_id, { atRisk: r.at_risk, late: r.late });
  return out;
}

/** Those of `amazonOrderIds` whose stored Amazon order has shipped (status SHIPPED): off the risk list for good. */
export async function shippedAmong(db: Queryable, backendId: number, amazonOrderIds: readonly string[]): Promise<Set<string>> {
  if (!amazonOrderIds.length) return new Set();
  const { rows } = await db.query<{ key: string }>(
    `select o.key from fetched_document o where o.backend_id = $1 and o.kind = '${KIND}' and o.key = any($2::text[]) and o.summary ->> 'status' = 'SHIPPED'`,
    [backendId, [...amazonOrderIds]]);
  return new Set(rows.map((r) => r.key));
}
