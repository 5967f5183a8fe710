/**
 * Buyer tax registrations stored in clear before they counted as PII (orders and conflict snapshots written by
 * earlier versions): the redaction task brings them in line. An order whose PII is still kept gets its
 * registrations sealed with the rest; one already redacted, and every conflict snapshot, just loses them.
 */
import type { Keyring } from '../core/crypto.ts';
import type { Queryable } from '../core/sql.ts';
import { joinPii, splitPii } from './order-pii.ts';

/** SQL: the jsonb at `path` holds a tax registration that is not the marketplace's or the seller's. */
const holdsPersonal = (doc: string) =>
  `(jsonb_typeof(${doc} -> 'tax' -> 'taxRegistrations') = 'array'
    and exists (select 1 from jsonb_array_elements(${doc} -> 'tax' -> 'taxRegistrations') r
                 where coalesce(r ->> 'entityType', '') not in ('MARKETPLACE', 'SELLER')))
   or (${doc} -> 'tax' ? 'taxRegistrations' and jsonb_typeof(${doc} -> 'tax' -> 'taxRegistrations') <> 'array')`;

/** SQL: `doc` without its personal registrations (the same rule as splitPii). */
const withoutPersonal = (doc: string) =>
  `case when jsonb_typeof(${doc} -> 'tax' -> 'taxRegistrations') = 'array'
          and exists (select 1 from jsonb_array_elements(${doc} -> 'tax' -> 'taxRegistrations') r where r ->> 'entityType' in ('MARKETPLACE', 'SELLER'))
        then jsonb_set(${doc}, '{tax,taxRegistrations}', (select jsonb_agg(r) from jsonb_array_elements(${doc} -> 'tax' -> 'taxRegistrations') r
                                                           where r ->> 'entityType' in ('MARKETPLACE', 'SELLER')))
        else ${doc} #- '{tax,taxRegistrations}' end`;

/** Seals or drops `backendId`'s clear buyer tax registrations; returns how many orders and conflicts changed. */
export async function sealLegacyTaxRegistrations(db: Queryable, keyring: Keyring, backendId: number): Promise<{ orders: number; conflicts: number }> {
  // The order kind's seal context (sync/orders/order-documents.ts), kept from the amazon_order days.
  const context = (orderId: string) => `amazon_order:${backendId}:${orderId}`;
  let orders = 0;
  let after = '0';
  // Kept PII: open, add the registrations, seal again, in pages so a large backlog never sits in memory at once.
  for (;;) {
    const { rows } = await db.query<{ id: string; amazon_order_id: string; payload: Record<string, unknown>; pii_sealed: Buffer | null; pii_key_id: string | null }>(
      `select id::text, key as amazon_order_id, payload, pii_sealed, pii_key_id from fetched_document
        where backend_id = $1 and kind = 'order' and id > $2::bigint and pii_redacted_at is null and (${holdsPersonal('payload')}) order by id limit 200`,
      [backendId, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      const pii = r.pii_sealed ? keyring.openJson<Record<string, unknown>>({ keyId: r.pii_key_id!, sealed: r.pii_sealed }, context(r.amazon_order_id)) : null;
      const split = splitPii(joinPii(r.payload, pii));
      const sealed = keyring.sealJson(split.pii, context(r.amazon_order_id));
      await db.query(`update fetched_document set payload = $2, pii_sealed = $3, pii_key_id = $4 where id = $1`, [r.id, JSON.stringify(split.payload), sealed.sealed, sealed.keyId]);
    }
    orders += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  const redacted = await db.query(
    `update fetched_document set payload = ${withoutPersonal('payload')}
      where backend_id = $1 and kind = 'order' and pii_redacted_at is not null and (${holdsPersonal('payload')})`,
    [backendId],
  );
  const conflicts = await db.query(
    `update sync_conflict set amazon_snapshot = ${withoutPersonal('amazon_snapshot')}
      where backend_id = $1 and jsonb_typeof(amazon_snapshot) = 'object' and (${holdsPersonal('amazon_snapshot')})`,
    [backendId],
  );
  return { orders: orders + (redacted.rowCount ?? 0), conflicts: conflicts.rowCount ?? 0 };
}
