/** The `buyer_message` rows: each message sent (or tried) for an order, with its outcome and its ERP chatter note. */
import type { Queryable } from '../../core/sql.ts';

export interface MessageRow {
  id: number;
  amazonOrderId: string;
  marketplaceId: string;
  messageType: string;
  body: unknown;
  state: 'sending' | 'sent' | 'refused' | 'unknown';
  code: string | null;
  sentBy: string | null;
  erpOrderId: number | null;
  erpMessageId: number | null;
  createdAt: Date;
}

const COLUMNS = `id::int as id, amazon_order_id as "amazonOrderId", marketplace_id as "marketplaceId", message_type as "messageType", body, state,
  code, sent_by as "sentBy", erp_order_id as "erpOrderId", erp_message_id as "erpMessageId", created_at as "createdAt"`;

/** Written before the message goes to Amazon: a lost answer leaves a `sending` row a person can see. */
export async function insertSending(db: Queryable, backendId: number, m: { orderId: string; marketplaceId: string; type: string; body: unknown; sentBy: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into buyer_message (backend_id, amazon_order_id, marketplace_id, message_type, body, state, sent_by)
     values ($1, $2, $3, $4, $5, 'sending', $6) returning id::int as id`,
    [backendId, m.orderId, m.marketplaceId, m.type, JSON.stringify(m.body), m.sentBy],
  );
  return rows[0]!.id;
}

export async function settle(db: Queryable, id: number, s: { state: MessageRow['state']; code?: string | null; erpOrderId?: number | null; erpMessageId?: number | null }): Promise<MessageRow> {
  const { rows } = await db.query<MessageRow>(
    `update buyer_message set state = $2, code = $3, erp_order_id = $4, erp_message_id = $5, updated_at = now() where id = $1 returning ${COLUMNS}`,
    [id, s.state, s.code ?? null, s.erpOrderId ?? null, s.erpMessageId ?? null],
  );
  return rows[0]!;
}

export async function messagesOf(db: Queryable, backendId: number, orderId: string): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `select ${COLUMNS} from buyer_message where backend_id = $1 and amazon_order_id = $2 order by id desc limit 200`,
    [backendId, orderId],
  );
  return rows;
}
