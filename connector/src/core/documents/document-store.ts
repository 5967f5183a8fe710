/**
 * The store of what the flows fetched (`fetched_document`): one row per (backend, kind, key), the newest copy.
 * The kind's PII parts are cut out through its split and sealed (AES-256-GCM, the document's identity as
 * authenticated context); the rest stays readable jsonb, its strings escaped only where PostgreSQL refuses them
 * (`../storable-text.ts`: NUL, lone surrogates; the seal keeps JSON's own escapes). `upsertMany` is one statement per page and returns the
 * keys whose content hash is new or changed: exactly the ones a flow acts on. An older copy never overwrites a
 * newer one (sweep windows overlap); a redacted document never gets PII back.
 */
import type { Keyring } from '../crypto.ts';
import type { Queryable } from '../sql.ts';
import { sealContext, type DocumentKind } from './document-kind.ts';
import { escapeStored, unescapeStored } from '../storable-text.ts';

/** One fetched document, as the flow hands it over. */
export interface FetchedDocument<T> {
  key: string;
  /** The source's update time (Amazon's lastUpdatedTime). */
  sourceUpdatedAt: string | Date;
  /** Hash of the source-owned content (the flow decides what counts). */
  contentHash: string;
  document: T;
}

/** One stored document; `document` is the raw joined JSON: the flow's wrapper re-validates it. */
export interface StoredDocument {
  id: string;
  key: string;
  sourceUpdatedAt: Date;
  contentHash: string;
  /** The payload, with its PII put back when asked for and not yet redacted. */
  document: Record<string, unknown>;
  summary: Record<string, unknown>;
  piiRedactedAt: Date | null;
  fetchedAt: Date;
}

/** The documents of one kind. */
export interface KindStore<T> {
  /** Stores a page of documents; returns the keys whose content hash is new or changed. */
  upsertMany(backendId: number, documents: readonly FetchedDocument<T>[]): Promise<string[]>;
  /** Reads documents by key (one query); `withPii` opens the sealed parts. */
  getMany(backendId: number, keys: readonly string[], options?: { withPii?: boolean }): Promise<Map<string, StoredDocument>>;
}

/** Every kind's documents, plus the retention operations over all of them. */
export interface DocumentStore {
  of<T>(kind: DocumentKind<T>): KindStore<T>;
  /** Drops the sealed PII of documents fetched more than `days` ago (all kinds, or one); returns how many. */
  redactOlderThan(backendId: number, days: number, kind?: string): Promise<number>;
  /**
   * Retention: deletes `kind`'s documents fetched more than `days` ago (at most `limit`, oldest first, so a large
   * backlog goes in bounded statements); returns the deleted keys (the caller drops their record states if it
   * wants to). Same as `delete from fetched_document where backend_id = $1 and kind = $2 and fetched_at < ...`.
   */
  deleteOlderThan(backendId: number, kind: string, days: number, limit?: number): Promise<string[]>;
}

interface Row {
  id: string;
  key: string;
  source_updated_at: Date;
  content_hash: string;
  payload: Record<string, unknown>;
  summary: Record<string, unknown>;
  pii_sealed: Buffer | null;
  pii_key_id: string | null;
  pii_redacted_at: Date | null;
  fetched_at: Date;
}

/** The fetched_document store over `db` (a pool or a transaction's client), sealing with `keyring`. */
export function createDocumentStore(db: Queryable, keyring: Keyring): DocumentStore {
  return {
    of: <T>(kind: DocumentKind<T>) => kindStore(db, keyring, kind),

    async redactOlderThan(backendId, days, kind) {
      const r = await db.query(
        `update fetched_document set pii_sealed = null, pii_key_id = null, pii_redacted_at = now()
          where backend_id = $1 and pii_sealed is not null and fetched_at < now() - make_interval(days => $2)
            and ($3::text is null or kind = $3)`,
        [backendId, days, kind ?? null],
      );
      return r.rowCount ?? 0;
    },

    async deleteOlderThan(backendId, kind, days, limit = 10_000) {
      const { rows } = await db.query<{ key: string }>(
        `delete from fetched_document where id in (
           select id from fetched_document where backend_id = $1 and kind = $2 and fetched_at < now() - make_interval(days => $3)
            order by fetched_at limit $4)
         returning key`,
        [backendId, kind, days, limit],
      );
      return rows.map((r) => r.key);
    },
  };
}

function kindStore<T>(db: Queryable, keyring: Keyring, kind: DocumentKind<T>): KindStore<T> {
  return {
    async upsertMany(backendId, documents) {
      if (documents.length === 0) return [];
      // The last copy of a key in the page wins: one statement cannot touch the same row twice.
      const list = [...new Map(documents.map((d) => [d.key, d])).values()];
      const split = list.map((d) => kind.split(d.document));
      const sealed = list.map((d, i) => (split[i]!.pii ? keyring.sealJson(split[i]!.pii, sealContext(kind, backendId, d.key)) : null));
      const { rows } = await db.query<{ key: string }>(
        `with input as (
           select * from unnest($3::text[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::jsonb[], $8::bytea[], $9::text[])
             as i(key, source_updated_at, content_hash, payload, summary, pii_sealed, pii_key_id)
         ), old as (
           select key, content_hash from fetched_document
            where backend_id = $1 and kind = $2 and key in (select key from input)
         ), up as (
           insert into fetched_document as d (backend_id, kind, key, source_updated_at, content_hash, payload, summary, pii_sealed, pii_key_id)
           select $1, $2, * from input
           on conflict (backend_id, kind, key) do update set
             source_updated_at = excluded.source_updated_at, content_hash = excluded.content_hash, payload = excluded.payload,
             summary = excluded.summary,
             pii_sealed = case when d.pii_redacted_at is null then excluded.pii_sealed end,
             pii_key_id = case when d.pii_redacted_at is null then excluded.pii_key_id end,
             fetched_at = now()
           where d.source_updated_at <= excluded.source_updated_at
           returning key, content_hash
         )
         select up.key from up left join old using (key) where old.content_hash is distinct from up.content_hash`,
        [
          backendId,
          kind.name,
          list.map((d) => d.key),
          list.map((d) => new Date(d.sourceUpdatedAt).toISOString()),
          list.map((d) => d.contentHash),
          // Escaped where PostgreSQL would refuse the text (NUL, lone surrogates): what was sent is kept exactly.
          split.map((s) => JSON.stringify(escapeStored(s.payload))),
          list.map((d) => JSON.stringify(escapeStored(kind.summary?.(d.document) ?? {}))),
          sealed.map((s) => s?.sealed ?? null),
          sealed.map((s) => s?.keyId ?? null),
        ],
      );
      return rows.map((r) => r.key);
    },

    async getMany(backendId, keys, options = {}) {
      const { rows } = await db.query<Row>(
        `select id::text, key, source_updated_at, content_hash, payload, summary, pii_redacted_at, fetched_at,
                ${options.withPii ? 'pii_sealed, pii_key_id' : 'null as pii_sealed, null as pii_key_id'}
           from fetched_document where backend_id = $1 and kind = $2 and key = any($3::text[])`,
        [backendId, kind.name, [...keys]],
      );
      const out = new Map<string, StoredDocument>();
      for (const r of rows) {
        const pii = r.pii_sealed
          ? keyring.openJson<Record<string, unknown>>({ keyId: r.pii_key_id!, sealed: r.pii_sealed }, sealContext(kind, backendId, r.key))
          : null;
        out.set(r.key, {
          id: r.id,
          key: r.key,
          sourceUpdatedAt: r.source_updated_at,
          contentHash: r.content_hash,
          document: kind.join(unescapeStored(r.payload), pii),
          summary: unescapeStored(r.summary),
          piiRedactedAt: r.pii_redacted_at,
          fetchedAt: r.fetched_at,
        });
      }
      return out;
    },
  };
}
