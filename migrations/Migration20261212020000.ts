import { Migration } from '../connector/src/db/migration-generator.ts';

/** The fba-returns flow's `fba_return_row` and `fba_reimbursement` (connector/src/db/entities/fba-return.entity.ts). */
export class Migration20261212020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "fba_reimbursement" ("backend_id" int not null, "reimbursement_id" text not null, "sku" text not null, "order_id" text null, "case_id" text null, "reason" text not null, "currency" text null, "amount_total_minor" bigint null, "quantity_cash" int not null, "quantity_inventory" int not null, "approval_date" timestamptz not null, "recorded_at" timestamptz not null default now(), constraint "fba_reimbursement_pkey" primary key ("backend_id", "reimbursement_id", "sku"));`);
    this.addSql(`create index "fba_reimbursement_order_index" on "fba_reimbursement" ("backend_id", "order_id", "sku");`);

    this.addSql(`create table "fba_return_row" ("backend_id" int not null, "row_key" text not null, "order_id" text not null, "sku" text not null, "fnsku" text null, "license_plate" text null, "marketplace_id" text not null, "return_date" timestamptz not null, "quantity" int not null, "disposition" text not null, "status" text null, "reason" text null, "fulfillment_center_id" text null, "revision" int not null default 0, "erp_location" text null, "first_seen_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "fba_return_row_pkey" primary key ("backend_id", "row_key"));`);
    this.addSql(`create index "fba_return_row_order_index" on "fba_return_row" ("backend_id", "order_id", "sku");`);

    this.addSql(`alter table "fba_reimbursement" add constraint "fba_reimbursement_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "fba_return_row" add constraint "fba_return_row_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fba_reimbursement" cascade;`);

    this.addSql(`drop table if exists "fba_return_row" cascade;`);
  }

}
