/**
 * The refunds the buyer's side forced (a chargeback by the bank, an A-to-z guarantee claim Amazon granted), as the
 * refunds flow learnt their kind from the v0 financial events (refund-kind.ts): the care flow makes an ERP activity
 * of each. Read from the flow's record states, where the kind is kept beside the order once looked up.
 */
import type { Queryable } from '../../core/sql.ts';
import { REFUNDS_FLOW } from './refunds.payloads.ts';

export interface ForcedRefund {
  refundId: string;
  amazonOrderId: string;
  kind: 'chargeback' | 'guarantee_claim';
  /** Where the refund stands in the refunds flow (credited, conflict, ...). */
  state: string;
  seenAt: Date;
}

/** The backend's chargebacks and A-to-z claims known since `sinceDays`. */
export async function forcedRefunds(db: Queryable, backendId: number, sinceDays: number): Promise<ForcedRefund[]> {
  const { rows } = await db.query<ForcedRefund>(
    `select key as "refundId", detail ->> 'orderId' as "amazonOrderId", detail ->> 'kind' as kind, state, created_at as "seenAt"
       from record_state
      where backend_id = $1 and flow = $2 and detail ->> 'kind' in ('chargeback', 'guarantee_claim') and detail ->> 'orderId' is not null
        and updated_at > now() - make_interval(days => $3::int)
      order by created_at, key`,
    [backendId, REFUNDS_FLOW, sinceDays],
  );
  return rows;
}
