import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The ERP change feed (core/change-feed): `erp_change_cursor` is the durable `write_date` position per backend and
 * ERP model (the second last seen, the (id, write_date) pairs already handed over near it, and since when each
 * subscriber listens); `erp_own_write` is the connector's own writes to subscribed models (the write_date the ERP
 * gave them), so the feed does not hand its own echoes to the flows; `erp_webhook_state` is what a backend's
 * webhook rules in the ERP were last made from (a hash of their URL and subscriptions): rewritten only on a change.
 */

export class Migration20261204010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "erp_change_cursor" ("backend_id" int not null, "model" text not null, "cursor" timestamp not null, "seen" jsonb not null default '{}', "subscribers" jsonb not null default '{}', "polled_at" timestamptz not null default now(), constraint "erp_change_cursor_pkey" primary key ("backend_id", "model"));`);
    this.addSql(`alter table "erp_change_cursor" add constraint "erp_change_cursor_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "erp_webhook_state" ("backend_id" int not null, "signature" text not null, "updated_at" timestamptz not null default now(), constraint "erp_webhook_state_pkey" primary key ("backend_id"));`);
    this.addSql(`alter table "erp_webhook_state" add constraint "erp_webhook_state_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "erp_own_write" ("backend_id" int not null, "model" text not null, "erp_id" int not null, "write_date" timestamp not null, "noted_at" timestamptz not null default now(), constraint "erp_own_write_pkey" primary key ("backend_id", "model", "erp_id"));`);
    this.addSql(`alter table "erp_own_write" add constraint "erp_own_write_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erp_own_write" cascade;`);
    this.addSql(`drop table if exists "erp_webhook_state" cascade;`);
    this.addSql(`drop table if exists "erp_change_cursor" cascade;`);
  }

}
