/** Read side of the orders API: stored Amazon orders with their binding and sync state, newest change first. */
import { joinBinding } from '../../../core/binding/binding-join.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { PageOf } from '../../../api/deps.ts';
import { timeIdCursor } from '../../../api/cursors.ts';
import type { OrderViewT } from './orders.schemas.ts';
import { currencyExponent, parseDecimal, rescale } from '../../../core/money.ts';

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
  erp_total: string | null;
  currency: string | null;
  withheld_tax: { total?: { amount: string; currency: string } } | null;
  erp_id: number | null;
}

// The order documents (kind 'order') with their record state (flow 'orders'): every stored order has one, since
// storing a new or changed order queues it in the same transaction.
const SELECT = `select o.id::text, o.key as amazon_order_id, o.summary ->> 'marketplaceId' as marketplace_id, o.summary ->> 'status' as status,
    o.summary ->> 'fulfilledBy' as fulfilled_by, o.source_updated_at as last_updated_at, coalesce(s.state, 'queued') as sync_state,
    s.code as sync_code, s.synced_at, s.detail ->> 'erpName' as erp_order_name, s.detail ->> 'total' as total, s.detail ->> 'erpTotal' as erp_total,
    s.detail ->> 'currency' as currency, s.detail -> 'withheldTax' as withheld_tax, b.erp_id
  from fetched_document o
  left join record_state s on s.backend_id = o.backend_id and s.flow = 'orders' and s.key = o.key
  ${joinBinding('b', { backendId: 'o.backend_id', kind: 'order', amazonKey: 'o.key' })}`;

/** Whether the two totals differ once both are in the currency's minor units (float noise of the ERP aside). */
export function totalsDiffer(amazon: string | null, erp: string | null, currency: string | null): boolean {
  if (!amazon || !erp || !currency) return false;
  try {
    const exp = currencyExponent(currency);
    return rescale(parseDecimal(amazon), exp) !== rescale(parseDecimal(erp), exp);
  } catch {
    return false; // not a decimal: nothing to compare (shown as stored)
  }
}

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
    erpTotal: r.erp_total && r.currency ? { amount: r.erp_total, currency: r.currency } : null,
    totalsDiffer: totalsDiffer(r.total, r.erp_total, r.currency),
    withheldTax: withheld && withheld.amount !== undefined && Number(withheld.amount) !== 0 ? { amount: withheld.amount, currency: withheld.currency } : null,
    lastSyncedAt: r.synced_at ? r.synced_at.toISOString() : null,
  };
}

export async function listOrders(db: Queryable, backendId: number, q: { state?: string; q?: string; limit: number; cursor?: string }): Promise<PageOf<OrderViewT>> {
  const params: unknown[] = [backendId];
  // Unfiltered, pages come off the documents' listing index; filtered by state, off the states' (a rare state
  // would otherwise be found by sorting every match). Either way keyset-paged by (Amazon's update time, row id).
  const [at, id] = q.state ? ['s.source_updated_at', 's.id'] : ['o.source_updated_at', 'o.id'];
  // No row for a deleted backend (its orders stay): the caller then tells "none" from "no such backend".
  let where = `o.backend_id = $1 and o.kind = 'order' and exists (select 1 from backend where id = $1 and deleted_at is null)`;
  if (q.state) {
    params.push(q.state);
    where += ` and s.state = $${params.length}`;
  }
  if (q.q) {
    // The whole order id: one lookup on (backend, kind, key). A beginning of an id is not offered: no index serves a
    // prefix under every collation, and a scan of every stored order would break the lists' latency budget.
    params.push(q.q);
    where += ` and o.key = $${params.length}`;
  }
  const after = timeIdCursor.decode(q.cursor);
  if (after) {
    params.push(after.at, after.id);
    where += ` and (${at}, ${id}) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<Row & { page_at: Date; page_id: string }>(
    `${SELECT.replace('select ', `select ${at} as page_at, ${id}::text as page_id, `)} where ${where} order by ${at} desc, ${id} desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last ? timeIdCursor.encode(last.page_at, last.page_id) : null;
  return { items: page.map(view), nextCursor };
}

export async function getOrderView(db: Queryable, backendId: number, amazonOrderId: string): Promise<OrderViewT | null> {
  const { rows } = await db.query<Row>(`${SELECT} where o.backend_id = $1 and o.kind = 'order' and o.key = $2`, [backendId, amazonOrderId]);
  return rows[0] ? view(rows[0]) : null;
}
