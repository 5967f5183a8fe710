/** Read side of the orders API: stored Amazon orders with their binding and sync state, newest change first. */
import { joinBinding } from '../../../core/binding/binding-join.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { PageOf } from '../../../api/deps.ts';
import { timeIdCursor } from '../../../api/cursors.ts';
import type { OrderViewT } from './orders.schemas.ts';

interface Row {
  id: string;
  amazon_order_id: string;
  marketplace_id: string;
  status: string;
  fulfilled_by: string | null;
  last_updated_at: Date;
  sync_state: OrderViewT['state'];
  sync_code: string | null;
  synced_at: Date | null;
  erp_order_name: string | null;
  total: string | null;
  currency: string | null;
  withheld_tax: { total?: { amount: string; currency: string } } | null;
  erp_id: number | null;
}

const SELECT = `select o.id::text, o.amazon_order_id, o.marketplace_id, o.status, o.fulfilled_by, o.last_updated_at, o.sync_state,
    o.sync_code, o.synced_at, o.erp_order_name, o.total, o.currency, o.withheld_tax, b.erp_id
  from amazon_order o
  ${joinBinding('b', { backendId: 'o.backend_id', kind: 'order', amazonKey: 'o.amazon_order_id' })}`;

function view(r: Row): OrderViewT {
  const withheld = r.withheld_tax?.total;
  return {
    amazonOrderId: r.amazon_order_id,
    marketplaceId: r.marketplace_id,
    amazonStatus: r.status,
    fulfilledBy: r.fulfilled_by,
    amazonUpdatedAt: r.last_updated_at.toISOString(),
    state: r.sync_state,
    reason: r.sync_code,
    erp: r.erp_id === null ? null : { model: 'sale.order', id: r.erp_id, name: r.erp_order_name },
    total: r.total && r.currency ? { amount: r.total, currency: r.currency } : null,
    withheldTax: withheld && withheld.amount !== undefined && Number(withheld.amount) !== 0 ? { amount: withheld.amount, currency: withheld.currency } : null,
    lastSyncedAt: r.synced_at ? r.synced_at.toISOString() : null,
  };
}

export async function listOrders(db: Queryable, backendId: number, q: { state?: string; limit: number; cursor?: string }): Promise<PageOf<OrderViewT>> {
  const params: unknown[] = [backendId];
  let where = 'o.backend_id = $1';
  if (q.state) {
    params.push(q.state);
    where += ` and o.sync_state = $${params.length}`;
  }
  const after = timeIdCursor.decode(q.cursor);
  if (after) {
    params.push(after.at, after.id);
    where += ` and (o.last_updated_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<Row>(`${SELECT} where ${where} order by o.last_updated_at desc, o.id desc limit $${params.length}`, params);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last ? timeIdCursor.encode(last.last_updated_at, last.id) : null;
  return { items: page.map(view), nextCursor };
}

export async function getOrderView(db: Queryable, backendId: number, amazonOrderId: string): Promise<OrderViewT | null> {
  const { rows } = await db.query<Row>(`${SELECT} where o.backend_id = $1 and o.amazon_order_id = $2`, [backendId, amazonOrderId]);
  return rows[0] ? view(rows[0]) : null;
}
