import { Migration } from '../connector/src/db/migration-generator.ts';

/** The settlements flow's `settlement` and `settlement_line` (connector/src/db/entities/settlement.entity.ts). */
export class Migration20261213060000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "settlement" ("backend_id" int not null, "settlement_id" text not null, "amazon_report_id" text not null, "marketplace_id" text not null, "marketplace_name" text null, "currency" text not null, "start_date" timestamptz not null, "end_date" timestamptz not null, "deposit_date" timestamptz null, "total_minor" bigint not null, "line_count" int not null, "content_hash" text not null, "state" text not null, "conflict_code" text null, "first_seen_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "settlement_pkey" primary key ("backend_id", "settlement_id"));`);

    this.addSql(`create table "settlement_line" ("backend_id" int not null, "settlement_id" text not null, "line_no" int not null, "transaction_type" text not null, "order_id" text null, "shipment_id" text null, "adjustment_id" text null, "marketplace_name" text null, "amount_type" text not null, "amount_description" text not null, "amount_minor" bigint not null, "posted_at" timestamptz null, "sku" text null, "quantity" int null, "order_known" boolean null, constraint "settlement_line_pkey" primary key ("backend_id", "settlement_id", "line_no"));`);

    this.addSql(`alter table "settlement" add constraint "settlement_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "settlement_line" add constraint "settlement_line_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "settlement" cascade;`);

    this.addSql(`drop table if exists "settlement_line" cascade;`);
  }

}
