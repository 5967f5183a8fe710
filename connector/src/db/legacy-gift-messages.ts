/**
 * Gift messages stored in clear by earlier versions (they name people: buyer PII since issue 9). The redaction
 * task brings them in line, as it does the tax registrations (legacy-pii.ts): an order whose PII is still kept
 * gets its messages sealed with the rest; one already redacted, and every conflict snapshot, just loses them.
 */
import type { Keyring } from '../core/crypto.ts';
import type { Queryable } from '../core/sql.ts';
import { escapeStored, unescapeStored } from '../core/storable-text.ts';
import { joinPii, splitPii } from './order-pii.ts';

/** SQL: the jsonb `doc` holds an item's gift message in clear. */
const holdsGiftMessage = (doc: string) => `jsonb_path_exists(${doc}, '$.orderItems[*].fulfillment.packing.giftOption.giftMessage')`;

interface Row {
  id: string;
  key: string;
  doc: Record<string, unknown>;
  pii_sealed: Buffer | null;
  pii_key_id: string | null;
  redacted: boolean;
}

/** Seals or drops `backendId`'s clear gift messages, a page at a time; returns how many orders and conflicts changed. */
export async function sealLegacyGiftMessages(db: Queryable, keyring: Keyring, backendId: number): Promise<{ orders: number; conflicts: number }> {
  // The order kind's seal context (sync/orders/order-documents.ts), kept from the amazon_order days.
  const context = (orderId: string) => `amazon_order:${backendId}:${orderId}`;
  let orders = 0;
  // Paged by id: a row whose shape the split does not cut (no item list) is passed, never read again.
  let after = '0';
  for (;;) {
    const { rows } = await db.query<Row>(
      `select id::text, key, payload as doc, pii_sealed, pii_key_id, pii_redacted_at is not null as redacted from fetched_document
        where backend_id = $1 and kind = 'order' and id > $2::bigint and ${holdsGiftMessage('payload')} order by id limit 200`,
      [backendId, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      // The payload is stored escaped (core/storable-text.ts), the sealed part as sent: each back in its own form.
      const opened = r.pii_sealed ? keyring.openJson<Record<string, unknown>>({ keyId: r.pii_key_id!, sealed: r.pii_sealed }, context(r.key)) : null;
      const split = splitPii(joinPii(unescapeStored(r.doc), opened));
      // A redacted order keeps no PII: the messages are dropped with the split's PII part.
      const sealed = !r.redacted && split.pii ? keyring.sealJson(split.pii, context(r.key)) : null;
      await db.query(`update fetched_document set payload = $2, pii_sealed = $3, pii_key_id = $4 where id = $1`, [
        r.id, JSON.stringify(escapeStored(split.payload)), sealed?.sealed ?? null, sealed?.keyId ?? null,
      ]);
    }
    orders += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  let conflicts = 0;
  after = '0';
  for (;;) {
    const { rows } = await db.query<Row>(
      `select id::text, amazon_key as key, amazon_snapshot as doc from sync_conflict
        where backend_id = $1 and id > $2::bigint and jsonb_typeof(amazon_snapshot) = 'object' and ${holdsGiftMessage('amazon_snapshot')} order by id limit 200`,
      [backendId, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      await db.query(`update sync_conflict set amazon_snapshot = $2 where id = $1`, [r.id, JSON.stringify(escapeStored(splitPii(unescapeStored(r.doc)).payload))]);
    }
    conflicts += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  return { orders, conflicts };
}
