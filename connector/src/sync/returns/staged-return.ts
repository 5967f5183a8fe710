/** A staged return read back by its key (the task's payload carries the key, the row is the truth). */
import type { Queryable } from '../../core/sql.ts';
import type { ReturnRef } from './returns.payloads.ts';

export interface StoredReturn extends ReturnRef {
  marketplaceId: string;
  status: string;
  quantity: number;
  reason: string;
}

export async function readStagedReturn(db: Queryable, backendId: number, ref: ReturnRef): Promise<StoredReturn | null> {
  const { rows } = await db.query<StoredReturn>(
    `select order_id as "orderId", rma_id as "rmaId", sku, marketplace_id as "marketplaceId", status, quantity, reason
       from merchant_return where backend_id = $1 and order_id = $2 and rma_id = $3 and sku = $4`,
    [backendId, ref.orderId, ref.rmaId, ref.sku],
  );
  return rows[0] ?? null;
}

/** Every staged SKU of one RMA of an order (one return picking per delivery carries them together). */
export async function readStagedRma(db: Queryable, backendId: number, orderId: string, rmaId: string): Promise<StoredReturn[]> {
  const { rows } = await db.query<StoredReturn>(
    `select order_id as "orderId", rma_id as "rmaId", sku, marketplace_id as "marketplaceId", status, quantity, reason
       from merchant_return where backend_id = $1 and order_id = $2 and rma_id = $3 order by sku`,
    [backendId, orderId, rmaId],
  );
  return rows;
}
