/**
 * `shipping_label` rows: one per (delivery, package, attempt), keyed by the idempotency key. The row is written
 * BEFORE Amazon is asked (state `rating`), the chosen rate and its request token before the purchase (`buying`),
 * so a retry after a crash re-sends the same key and body; the answer is stored the moment it comes (`bought`),
 * with the label's bytes sealed (they hold the buyer's name and address).
 */
import type { Keyring } from '../../core/crypto.ts';
import type { Queryable } from '../../core/sql.ts';
import { idempotencyKeyOf } from './labels.payloads.ts';

export type LabelState = 'rating' | 'buying' | 'bought' | 'voided' | 'refused';

export interface LabelRow {
  idempotencyKey: string;
  pickingId: number;
  packageNo: number;
  attempt: number;
  amazonOrderId: string;
  state: LabelState;
  code: string | null;
  requestToken: string | null;
  rateId: string | null;
  carrierId: string | null;
  carrierName: string | null;
  serviceName: string | null;
  chargeMinor: number | null;
  currency: string | null;
  shipmentId: string | null;
  trackingId: string | null;
  attachmentIds: number[];
  boughtAt: Date | null;
}

const COLS = `idempotency_key as "idempotencyKey", picking_id as "pickingId", package_no as "packageNo", attempt, amazon_order_id as "amazonOrderId",
  state, code, request_token as "requestToken", rate_id as "rateId", carrier_id as "carrierId", carrier_name as "carrierName", service_name as "serviceName",
  charge_minor::float8 as "chargeMinor", currency, shipment_id as "shipmentId", tracking_id as "trackingId", attachment_ids as "attachmentIds", bought_at as "boughtAt"`;

const sealContext = (backendId: number, key: string, part: string) => `shipping_label:${backendId}:${key}:${part}`;

/** The latest attempt of each package of a delivery. */
export async function latestLabels(db: Queryable, backendId: number, pickingId: number): Promise<LabelRow[]> {
  const r = await db.query<LabelRow>(`select distinct on (package_no) ${COLS} from shipping_label where backend_id = $1 and picking_id = $2 order by package_no, attempt desc`, [backendId, pickingId]);
  return r.rows;
}

/**
 * The row of this package's current attempt: the live one, or a new attempt after a voided label (the key is
 * derived, so two workers racing here write the same row: ON CONFLICT keeps the first).
 */
export async function currentAttempt(db: Queryable, backendId: number, pickingId: number, packageNo: number, amazonOrderId: string, batchId: string | null): Promise<LabelRow> {
  const latest = (await latestLabels(db, backendId, pickingId)).find((l) => l.packageNo === packageNo);
  if (latest && latest.state !== 'voided') return latest;
  const attempt = (latest?.attempt ?? 0) + 1;
  const key = idempotencyKeyOf(backendId, pickingId, packageNo, attempt);
  await db.query(`insert into shipping_label (backend_id, idempotency_key, picking_id, package_no, attempt, amazon_order_id, state, batch_id)
    values ($1, $2, $3, $4, $5, $6, 'rating', $7) on conflict do nothing`, [backendId, key, pickingId, packageNo, attempt, amazonOrderId, batchId]);
  const r = await db.query<LabelRow>(`select ${COLS} from shipping_label where backend_id = $1 and idempotency_key = $2`, [backendId, key]);
  return r.rows[0]!;
}

/** The rate about to be bought, stored before the purchase is sent. */
export async function markBuying(db: Queryable, backendId: number, key: string, v: { requestToken: string; rateId: string; carrierId: string; carrierName: string;
  serviceId: string; serviceName: string; chargeMinor: number; currency: string; weightGrams: number }): Promise<void> {
  await db.query(`update shipping_label set state = 'buying', code = null, message = null, request_token = $3, rate_id = $4, carrier_id = $5, carrier_name = $6,
    service_id = $7, service_name = $8, charge_minor = $9, currency = $10, weight_grams = $11, updated_at = now() where backend_id = $1 and idempotency_key = $2`,
  [backendId, key, v.requestToken, v.rateId, v.carrierId, v.carrierName, v.serviceId, v.serviceName, v.chargeMinor, v.currency, v.weightGrams]);
}

/** Amazon's answer, stored the moment it comes: the shipment, the tracking id, the label bytes sealed. */
export async function markBought(db: Queryable, keyring: Keyring, backendId: number, key: string, v: { shipmentId: string; trackingId: string; pdf: Buffer | null; zpl: Buffer | null }): Promise<void> {
  const pdf = v.pdf ? keyring.seal(v.pdf, sealContext(backendId, key, 'pdf')) : null;
  const zpl = v.zpl ? keyring.seal(v.zpl, sealContext(backendId, key, 'zpl')) : null;
  await db.query(`update shipping_label set state = 'bought', code = null, message = null, shipment_id = $3, tracking_id = $4, pdf_sealed = $5, zpl_sealed = $6,
    label_key_id = $7, bought_at = coalesce(bought_at, now()), updated_at = now() where backend_id = $1 and idempotency_key = $2`,
  [backendId, key, v.shipmentId, v.trackingId, pdf?.sealed ?? null, zpl?.sealed ?? null, pdf?.keyId ?? zpl?.keyId ?? null]);
}

/** The ZPL fetched after the purchase (a label bought as PDF). */
export async function addZpl(db: Queryable, keyring: Keyring, backendId: number, key: string, zpl: Buffer): Promise<void> {
  const s = keyring.seal(zpl, sealContext(backendId, key, 'zpl'));
  await db.query(`update shipping_label set zpl_sealed = $3, updated_at = now() where backend_id = $1 and idempotency_key = $2 and label_redacted_at is null`, [backendId, key, s.sealed]);
}

/** The label's bytes, opened (null once redacted). */
export async function labelBytes(db: Queryable, keyring: Keyring, backendId: number, key: string): Promise<{ pdf: Buffer | null; zpl: Buffer | null }> {
  const r = await db.query<{ pdf: Buffer | null; zpl: Buffer | null; kid: string | null }>(`select pdf_sealed as pdf, zpl_sealed as zpl, label_key_id as kid from shipping_label where backend_id = $1 and idempotency_key = $2`, [backendId, key]);
  const row = r.rows[0];
  if (!row?.kid) return { pdf: null, zpl: null };
  const open = (b: Buffer | null, part: string) => (b ? keyring.open({ keyId: row.kid!, sealed: b }, sealContext(backendId, key, part)) : null);
  return { pdf: open(row.pdf, 'pdf'), zpl: open(row.zpl, 'zpl') };
}

export async function setAttachments(db: Queryable, backendId: number, key: string, ids: number[]): Promise<void> {
  await db.query(`update shipping_label set attachment_ids = $3::jsonb, updated_at = now() where backend_id = $1 and idempotency_key = $2`, [backendId, key, JSON.stringify(ids)]);
}

export async function markRefused(db: Queryable, backendId: number, key: string, code: string, message: string): Promise<void> {
  await db.query(`update shipping_label set state = 'refused', code = $3, message = $4, updated_at = now() where backend_id = $1 and idempotency_key = $2`, [backendId, key, code, message.slice(0, 1000)]);
}

/** Back to rating (a refused attempt retried, an expired request token): the same key, nothing was bought with it. */
export async function markRating(db: Queryable, backendId: number, key: string): Promise<void> {
  await db.query(`update shipping_label set state = 'rating', updated_at = now() where backend_id = $1 and idempotency_key = $2 and state in ('refused', 'buying')`, [backendId, key]);
}

export async function markVoided(db: Queryable, backendId: number, key: string): Promise<void> {
  await db.query(`update shipping_label set state = 'voided', voided_at = now(), attachment_ids = '[]', updated_at = now() where backend_id = $1 and idempotency_key = $2`, [backendId, key]);
}

/** Drops the label bytes of labels bought more than `days` ago (the buyer data schedule); returns how many. */
export async function redactLabelsOlderThan(db: Queryable, backendId: number, days: number): Promise<number> {
  const r = await db.query(`update shipping_label set pdf_sealed = null, zpl_sealed = null, label_redacted_at = now()
    where backend_id = $1 and label_redacted_at is null and (pdf_sealed is not null or zpl_sealed is not null) and coalesce(bought_at, created_at) < now() - make_interval(days => $2)`, [backendId, days]);
  return r.rowCount ?? 0;
}
