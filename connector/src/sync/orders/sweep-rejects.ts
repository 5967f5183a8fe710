/**
 * Orders the sweep cannot store as documents, each a conflict raised in the page's transaction so it never blocks
 * the page or the cursor: one that does not match Amazon's model (`ORDER_MALFORMED`), or one whose id holds a NUL
 * or a lone UTF-16 surrogate (`INVALID_TEXT`: no ERP reference, no key of ours can hold it; README, "Text no
 * database can hold").
 */
import type { ParsedOrder } from '../../amazon/parse-order.ts';
import type { ConflictService } from '../../core/conflict/index.ts';
import type { Queryable } from '../../core/sql.ts';
import { orderSnapshot } from './order-documents.ts';

export interface Rejected {
  key: string;
  code: 'ORDER_MALFORMED' | 'INVALID_TEXT';
  /** Paths, never values (they may be buyer data). */
  problems: string[];
  raw: unknown;
}

/** Why the sweep cannot store this order. */
export function rejectedOf(key: string, parsed: ParsedOrder, raw: unknown): Rejected {
  if (!parsed.ok) return { key, code: 'ORDER_MALFORMED', problems: parsed.error.problems, raw };
  return { key, code: 'INVALID_TEXT', problems: ['/orderId: holds a NUL or a lone UTF-16 surrogate'], raw };
}

/** Raises the conflict of a rejected order (its key is stored escaped by the conflict service). */
export async function raiseRejected(conflicts: ConflictService, backendId: number, m: Rejected, tx: Queryable): Promise<void> {
  const why = m.code === 'INVALID_TEXT' ? 'Amazon sent an order id that cannot be an ERP reference' : 'Amazon sent an order that does not match its model';
  // Amazon's raw order goes into the conflict through the order kind's PII split (buyer, recipient, the buyer's
  // tax registrations, gift messages): PII never leaves the sealed store.
  await conflicts.raise(
    { backendId, kind: 'order', amazonKey: m.key, code: m.code, message: `${why}: ${m.problems.slice(0, 3).join('; ')}`, diff: { problems: m.problems }, amazonSnapshot: orderSnapshot(m.raw) },
    tx,
  );
}
