/**
 * The offers as the panel lists them: per SKU what was computed (with the inputs that produced it), what was last
 * sent, what Amazon last showed when read back (`merchant_stock_listing`), and a state. Paged by SKU.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { Queryable } from '../../../core/sql.ts';

export type OfferState = 'in_sync' | 'pending' | 'refused';

export interface OfferListRow {
  sku: string;
  productId: number;
  state: OfferState;
  freeQty: number | null;
  allocationPercent: number | null;
  unreservedUnits: number | null;
  held: number | null;
  buffer: { fixed: number; percent: number; cap: number | null } | null;
  quantity: number;
  computedAt: string;
  sentQty: number | null;
  sentLane: 'patch' | 'feed' | null;
  sentAt: string | null;
  amazonQty: number | null;
  amazonReadAt: string | null;
  code: string | null;
  message: string | null;
}

/** The SKU of a page's last row, base64url; read back strictly (a cursor we did not make is CURSOR_INVALID). */
export const offerCursor = {
  encode: (sku: string): string => Buffer.from(sku).toString('base64url'),
  decode(cursor: string | undefined): string | undefined {
    if (cursor === undefined) return undefined;
    const sku = Buffer.from(cursor, 'base64url').toString();
    if (!sku || sku.includes('\u0000') || offerCursor.encode(sku) !== cursor) {
      throw new PermanentError('CURSOR_INVALID', 'the cursor is not one this API gave out; ask for the first page without a cursor');
    }
    return sku;
  },
};

// Refused wins over pending: a refused version counts as sent (offer-store.ts recordRefused), and the conflict is
// what a person acts on.
const STATE = `case when o.code is not null then 'refused'
                    when o.computed_seq > coalesce(o.sent_seq, 0) or o.recheck_at is not null then 'pending'
                    else 'in_sync' end`;

type Raw = {
  sku: string; product_id: number; state: OfferState; inputs: Record<string, unknown>; desired_qty: number; computed_at: Date;
  sent_qty: number | null; sent_lane: 'patch' | 'feed' | null; sent_at: Date | null; merchant_qty: number | null; seen_at: Date | null;
  code: string | null; message: string | null;
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bufferOf = (v: unknown): OfferListRow['buffer'] => {
  if (!v || typeof v !== 'object') return null;
  const b = v as Record<string, unknown>;
  return { fixed: num(b.fixed) ?? 0, percent: num(b.percent) ?? 0, cap: num(b.cap) };
};

/** One page of offers by SKU; `q` is part of the SKU (case-insensitive), `state` one of the three. */
export async function listOffers(
  db: Queryable,
  backendId: number,
  q: { q?: string; state?: OfferState; cursor?: string; limit: number },
): Promise<{ items: OfferListRow[]; nextCursor: string | null }> {
  const after = offerCursor.decode(q.cursor);
  // `q` is matched literally: its % and _ are escaped, not wildcards.
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await db.query<Raw>(
    `select o.sku, o.product_id, ${STATE} as state, o.inputs, o.desired_qty, o.computed_at, o.sent_qty, o.sent_lane, o.sent_at,
            l.merchant_qty, l.seen_at, o.code, o.message
       from merchant_stock_offer o
       left join merchant_stock_listing l on l.backend_id = o.backend_id and l.sku = o.sku
      where o.backend_id = $1 and ($2::text is null or o.sku > $2) and ($3::text is null or o.sku ilike $3)
        and ($4::text is null or ${STATE} = $4)
      order by o.sku limit $5`,
    [backendId, after ?? null, like, q.state ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit).map((r): OfferListRow => ({
    sku: r.sku, productId: r.product_id, state: r.state,
    freeQty: num(r.inputs.freeQty), allocationPercent: num(r.inputs.allocationPercent), unreservedUnits: num(r.inputs.unreservedUnits),
    held: num(r.inputs.held), buffer: bufferOf(r.inputs.buffer),
    quantity: r.desired_qty, computedAt: r.computed_at.toISOString(),
    sentQty: r.sent_qty, sentLane: r.sent_lane, sentAt: r.sent_at?.toISOString() ?? null,
    amazonQty: r.merchant_qty, amazonReadAt: r.seen_at?.toISOString() ?? null, code: r.code, message: r.message,
  }));
  return { items: page, nextCursor: rows.length > q.limit ? offerCursor.encode(page.at(-1)!.sku) : null };
}
