import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Fetched documents and record states (core/documents/, core/record-state/) replace the order-only `amazon_order`.
 * Generated from the entities, then the data move added by hand: every stored order becomes a `fetched_document`
 * of kind 'order' (same id, so API cursors stay valid; payload and sealed PII moved as they are: the order kind
 * seals under the same authenticated context `amazon_order:<backend>:<order id>`, the keyring being out of reach
 * of SQL), and its sync state a `record_state` of flow 'orders' (ERP name, total, currency, withheld tax and units
 * shipped in `detail`). `amazon_order` stays for one release as a read-only view of both, so operators' saved
 * queries and dashboards keep working; no product code reads it, and a later migration drops it.
 */

export class Migration20261201144239 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "fetched_document" ("id" bigserial primary key, "backend_id" int not null, "kind" text not null, "key" text not null, "source_updated_at" timestamptz not null, "content_hash" text not null, "payload" jsonb not null, "summary" jsonb not null default '{}', "pii_sealed" bytea null, "pii_key_id" text null, "pii_redacted_at" timestamptz null, "fetched_at" timestamptz not null default now(), "created_at" timestamptz not null default now());`);
    this.addSql(`create index "fetched_document_listing_index" on "fetched_document" ("backend_id", "kind", "source_updated_at" desc, "id" desc);`);
    this.addSql(`create index "fetched_document_pii_index" on "fetched_document" ("fetched_at") where pii_sealed is not null;`);
    this.addSql(`create index "fetched_document_fetched_index" on "fetched_document" ("backend_id", "kind", "fetched_at");`);
    this.addSql(`alter table "fetched_document" add constraint "fetched_document_key_unique" unique ("backend_id", "kind", "key");`);

    this.addSql(`create table "record_state" ("id" bigserial primary key, "backend_id" int not null, "flow" text not null, "key" text not null, "state" text not null, "code" text null, "source_updated_at" timestamptz not null, "detail" jsonb not null default '{}', "synced_at" timestamptz null, "updated_at" timestamptz not null default now(), "created_at" timestamptz not null default now());`);
    this.addSql(`create index "record_state_state_index" on "record_state" ("backend_id", "flow", "state");`);
    this.addSql(`create index "record_state_listing_index" on "record_state" ("backend_id", "flow", "state", "source_updated_at" desc, "id" desc);`);
    this.addSql(`alter table "record_state" add constraint "record_state_key_unique" unique ("backend_id", "flow", "key");`);

    this.addSql(`alter table "fetched_document" add constraint "fetched_document_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "record_state" add constraint "record_state_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    // The data move: same ids, content and seals; states with their facts in `detail` (only the facts present).
    this.addSql(`insert into "fetched_document" ("id", "backend_id", "kind", "key", "source_updated_at", "content_hash", "payload", "summary",
        "pii_sealed", "pii_key_id", "pii_redacted_at", "fetched_at", "created_at")
      select "id", "backend_id", 'order', "amazon_order_id", "last_updated_at", "content_hash", "payload",
             jsonb_build_object('marketplaceId', "marketplace_id", 'status', "status", 'fulfilledBy', "fulfilled_by"),
             "pii_sealed", "pii_key_id", "pii_redacted_at", "fetched_at", "created_at"
        from "amazon_order";`);
    this.addSql(`select setval(pg_get_serial_sequence('"fetched_document"', 'id'), coalesce((select max("id") from "fetched_document"), 0) + 1, false);`);
    this.addSql(`insert into "record_state" ("id", "backend_id", "flow", "key", "state", "code", "source_updated_at", "detail", "synced_at", "updated_at", "created_at")
      select "id", "backend_id", 'orders', "amazon_order_id", "sync_state", "sync_code", "last_updated_at",
             '{}'::jsonb
               || case when "erp_order_name" is not null then jsonb_build_object('erpName', "erp_order_name") else '{}'::jsonb end
               || case when "total" is not null then jsonb_build_object('total', "total") else '{}'::jsonb end
               || case when "currency" is not null then jsonb_build_object('currency', "currency") else '{}'::jsonb end
               || case when "withheld_tax" is not null and "withheld_tax" <> 'null'::jsonb then jsonb_build_object('withheldTax', "withheld_tax") else '{}'::jsonb end
               || case when "shipped" is not null and "shipped" <> 'null'::jsonb then jsonb_build_object('shipped', "shipped") else '{}'::jsonb end,
             "synced_at", coalesce("synced_at", "fetched_at"), "created_at"
        from "amazon_order";`);
    this.addSql(`select setval(pg_get_serial_sequence('"record_state"', 'id'), coalesce((select max("id") from "record_state"), 0) + 1, false);`);

    this.addSql(`drop table if exists "amazon_order" cascade;`);
    this.addSql(`create view "amazon_order" as
      select d."id", d."backend_id", d."key" as "amazon_order_id", d."summary" ->> 'marketplaceId' as "marketplace_id",
             d."summary" ->> 'status' as "status", d."summary" ->> 'fulfilledBy' as "fulfilled_by", d."source_updated_at" as "last_updated_at",
             d."content_hash", d."payload", d."pii_sealed", d."pii_key_id", d."pii_redacted_at", s."detail" -> 'withheldTax' as "withheld_tax",
             coalesce(s."state", 'queued') as "sync_state", s."code" as "sync_code", s."synced_at", s."detail" ->> 'erpName' as "erp_order_name",
             s."detail" ->> 'total' as "total", s."detail" ->> 'currency' as "currency", s."detail" -> 'shipped' as "shipped",
             d."fetched_at", d."created_at"
        from "fetched_document" d
        left join "record_state" s on s."backend_id" = d."backend_id" and s."flow" = 'orders' and s."key" = d."key"
       where d."kind" = 'order';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "amazon_order";`);
    this.addSql(`create table "amazon_order" ("id" bigserial primary key, "backend_id" int4 not null, "amazon_order_id" text not null, "marketplace_id" text not null, "status" text not null, "fulfilled_by" text null, "last_updated_at" timestamptz(6) not null, "content_hash" text not null, "payload" jsonb not null, "pii_sealed" bytea null, "pii_key_id" text null, "pii_redacted_at" timestamptz(6) null, "withheld_tax" jsonb null, "fetched_at" timestamptz(6) not null default now(), "created_at" timestamptz(6) not null default now(), "sync_state" text not null default 'queued', "sync_code" text null, "synced_at" timestamptz(6) null, "erp_order_name" text null, "total" text null, "currency" text null, "shipped" jsonb null);`);
    this.addSql(`alter table "amazon_order" add constraint "amazon_order_id_unique" unique ("backend_id", "amazon_order_id");`);
    this.addSql(`create index "amazon_order_listing_index" on "amazon_order" ("backend_id", "last_updated_at" desc, "id" desc);`);
    this.addSql(`CREATE INDEX amazon_order_pii_index ON public.amazon_order USING btree (fetched_at) WHERE (pii_sealed IS NOT NULL);`);
    this.addSql(`create index "amazon_order_state_listing_index" on "amazon_order" ("backend_id", "sync_state", "last_updated_at" desc, "id" desc);`);
    this.addSql(`create index "amazon_order_sync_state_index" on "amazon_order" ("backend_id", "sync_state");`);

    this.addSql(`alter table "amazon_order" add constraint "amazon_order_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`insert into "amazon_order" ("id", "backend_id", "amazon_order_id", "marketplace_id", "status", "fulfilled_by", "last_updated_at",
        "content_hash", "payload", "pii_sealed", "pii_key_id", "pii_redacted_at", "withheld_tax", "fetched_at", "created_at", "sync_state",
        "sync_code", "synced_at", "erp_order_name", "total", "currency", "shipped")
      select d."id", d."backend_id", d."key", coalesce(d."summary" ->> 'marketplaceId', ''), coalesce(d."summary" ->> 'status', 'UNKNOWN'),
             d."summary" ->> 'fulfilledBy', d."source_updated_at", d."content_hash", d."payload", d."pii_sealed", d."pii_key_id", d."pii_redacted_at",
             s."detail" -> 'withheldTax', d."fetched_at", d."created_at", coalesce(s."state", 'queued'), s."code", s."synced_at",
             s."detail" ->> 'erpName', s."detail" ->> 'total', s."detail" ->> 'currency', s."detail" -> 'shipped'
        from "fetched_document" d
        left join "record_state" s on s."backend_id" = d."backend_id" and s."flow" = 'orders' and s."key" = d."key"
       where d."kind" = 'order';`);
    this.addSql(`select setval(pg_get_serial_sequence('"amazon_order"', 'id'), coalesce((select max("id") from "amazon_order"), 0) + 1, false);`);

    this.addSql(`drop table if exists "fetched_document" cascade;`);

    this.addSql(`drop table if exists "record_state" cascade;`);
  }

}
