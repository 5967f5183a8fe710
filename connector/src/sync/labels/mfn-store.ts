/**
 * The Merchant Fulfillment v0 columns of a `shipping_label` row (Migration20261214040000): its transport, the
 * createShipment request stored before it is sent, when it was sent (set = the outcome is unknown until the answer
 * is stored or the order read back), and the order's packages seen just before.
 */
import type { Queryable } from '../../core/sql.ts';
import type { MfnShipmentRequestDetails } from '../../amazon/merchant-fulfillment-v0.ts';

export type LabelTransport = 'shippingV2' | 'merchantFulfillment';

export interface MfnRequest {
  details: MfnShipmentRequestDetails;
  shippingServiceId: string;
  shippingServiceOfferId: string;
}

export interface MfnColumns {
  transport: LabelTransport;
  mfnRequest: MfnRequest | null;
  purchaseSentAt: Date | null;
  packagesBefore: string[] | null;
}

export async function mfnColumns(db: Queryable, backendId: number, key: string): Promise<MfnColumns> {
  const r = await db.query<MfnColumns>(`select transport, mfn_request as "mfnRequest", purchase_sent_at as "purchaseSentAt", packages_before as "packagesBefore"
    from shipping_label where backend_id = $1 and idempotency_key = $2`, [backendId, key]);
  return r.rows[0] ?? { transport: 'shippingV2', mfnRequest: null, purchaseSentAt: null, packagesBefore: null };
}

/** The transport of an attempt nothing was sent for yet (a purchase under way keeps the one it started with). */
export async function setTransport(db: Queryable, backendId: number, key: string, transport: LabelTransport): Promise<void> {
  await db.query(`update shipping_label set transport = $3, updated_at = now() where backend_id = $1 and idempotency_key = $2 and purchase_sent_at is null and state in ('rating', 'refused')`,
    [backendId, key, transport]);
}

export async function storeMfnRequest(db: Queryable, backendId: number, key: string, req: MfnRequest): Promise<void> {
  await db.query(`update shipping_label set mfn_request = $3::jsonb, updated_at = now() where backend_id = $1 and idempotency_key = $2`, [backendId, key, JSON.stringify(req)]);
}

/** Written BEFORE createShipment is sent: from here on the outcome is unknown until an answer is stored. */
export async function markSent(db: Queryable, backendId: number, key: string, packagesBefore: string[]): Promise<void> {
  await db.query(`update shipping_label set purchase_sent_at = now(), packages_before = $3::jsonb, updated_at = now() where backend_id = $1 and idempotency_key = $2`,
    [backendId, key, JSON.stringify(packagesBefore)]);
}

/** The outcome is known (an answer stored, a refusal, or the read-back found nothing bought). */
export async function clearSent(db: Queryable, backendId: number, key: string): Promise<void> {
  await db.query(`update shipping_label set purchase_sent_at = null, updated_at = now() where backend_id = $1 and idempotency_key = $2`, [backendId, key]);
}
