import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261127140711 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backend" ("id" serial primary key, "name" text not null, "amazon_region" text not null, "seller_id" text not null, "marketplace_ids" text[] not null, "erp_url" text not null, "erp_db" text not null, "erp_version" text null, "settings" jsonb not null default '{}', "credentials_ref" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "backend" add constraint "backend_name_unique" unique ("name");`);

    this.addSql(`create table "amazon_order" ("id" bigserial primary key, "backend_id" int not null, "amazon_order_id" text not null, "marketplace_id" text not null, "status" text not null, "fulfilled_by" text null, "last_updated_at" timestamptz not null, "content_hash" text not null, "payload" jsonb not null, "pii_sealed" bytea null, "pii_key_id" text null, "pii_redacted_at" timestamptz null, "withheld_tax" jsonb null, "fetched_at" timestamptz not null default now(), "created_at" timestamptz not null default now());`);
    this.addSql(`create index "amazon_order_updated_index" on "amazon_order" ("backend_id", "last_updated_at");`);
    this.addSql(`create index "amazon_order_pii_index" on "amazon_order" ("fetched_at") where pii_sealed is not null;`);
    this.addSql(`alter table "amazon_order" add constraint "amazon_order_id_unique" unique ("backend_id", "amazon_order_id");`);

    this.addSql(`create table "binding" ("id" bigserial primary key, "backend_id" int not null, "kind" text not null, "amazon_key" text not null, "erp_model" text not null, "erp_id" int not null, "amazon_updated_at" timestamptz null, "erp_write_date" text null, "payload_hash" text null, "synced_at" timestamptz not null default now(), "created_at" timestamptz not null default now());`);
    this.addSql(`create index "binding_erp_side_index" on "binding" ("backend_id", "erp_model", "erp_id");`);
    this.addSql(`create unique index "binding_erp_side_document_unique" on "binding" ("backend_id", "kind", "erp_model", "erp_id") where kind in ('order', 'shipment', 'refund', 'return', 'settlement_line');`);
    this.addSql(`alter table "binding" add constraint "binding_amazon_side_unique" unique ("backend_id", "kind", "amazon_key");`);

    this.addSql(`create table "lookup_table" ("id" serial primary key, "backend_id" int not null, "name" text not null, "description" text null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "lookup_table" add constraint "lookup_table_name_unique" unique ("backend_id", "name");`);

    this.addSql(`create table "lookup_entry" ("id" bigserial primary key, "table_id" int not null, "key" text not null, "value" jsonb not null, "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "lookup_entry" add constraint "lookup_entry_key_unique" unique ("table_id", "key");`);

    this.addSql(`create table "mapping_rule" ("id" serial primary key, "backend_id" int not null, "flow" text not null, "target" text not null, "erp_field" text not null, "source_kind" text not null, "source" jsonb not null, "transforms" jsonb not null default '[]', "only_create" boolean not null default false, "enabled" boolean not null default true, "position" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "mapping_rule_flow_index" on "mapping_rule" ("backend_id", "flow", "position");`);

    this.addSql(`create table "rate_bucket" ("seller_key" text not null, "operation" text not null, "tokens" numeric not null, "updated_at" timestamptz not null default clock_timestamp(), "learnt_rate" numeric null, "override_rate" numeric null, "override_burst" numeric null, constraint "rate_bucket_pkey" primary key ("seller_key", "operation"));`);

    this.addSql(`create table "secret" ("ref" text not null, "key_id" text not null, "sealed" bytea not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "secret_pkey" primary key ("ref"));`);

    this.addSql(`create table "sweep_cursor" ("backend_id" int not null, "flow" text not null, "last_updated_after" timestamptz not null, "last_run_at" timestamptz null, constraint "sweep_cursor_pkey" primary key ("backend_id", "flow"));`);

    this.addSql(`create table "sync_conflict" ("id" bigserial primary key, "backend_id" int not null, "kind" text not null, "amazon_key" text not null, "code" text not null, "message" text not null, "amazon_snapshot" jsonb null, "erp_snapshot" jsonb null, "diff" jsonb null, "status" text not null default 'open', "resolution" jsonb null, "occurrences" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "resolved_at" timestamptz null);`);
    this.addSql(`create index "sync_conflict_listing_index" on "sync_conflict" ("backend_id", "status", "created_at");`);
    this.addSql(`create unique index "sync_conflict_one_open_unique" on "sync_conflict" ("backend_id", "kind", "amazon_key", "code") where status = 'open';`);

    this.addSql(`create table "sync_run" ("id" bigserial primary key, "backend_id" int not null, "flow" text not null, "trigger" text not null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null, "status" text not null default 'running', "counts" jsonb not null default '{}', "error_code" text null);`);
    this.addSql(`create index "sync_run_recent_index" on "sync_run" ("backend_id", "flow", "started_at");`);

    this.addSql(`create table "sync_step" ("id" bigserial primary key, "run_id" bigint not null, "record_key" text not null, "step" text not null, "status" text not null, "error_code" text null, "ms" int not null, "at" timestamptz not null default now());`);
    this.addSql(`create index "sync_step_run_index" on "sync_step" ("run_id", "record_key");`);

    this.addSql(`alter table "amazon_order" add constraint "amazon_order_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "binding" add constraint "binding_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "lookup_table" add constraint "lookup_table_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "lookup_entry" add constraint "lookup_entry_table_id_foreign" foreign key ("table_id") references "lookup_table" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "mapping_rule" add constraint "mapping_rule_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sweep_cursor" add constraint "sweep_cursor_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sync_conflict" add constraint "sync_conflict_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sync_run" add constraint "sync_run_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sync_step" add constraint "sync_step_run_id_foreign" foreign key ("run_id") references "sync_run" ("id") on update cascade on delete cascade;`);
  }

}
