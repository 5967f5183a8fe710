import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `invoice_request`: a shipment's request for its customer invoice (the invoices flow), one per (backend, shipment
 * key), with where it stands and the ERP invoice it ended with (one invoice per shipment: unique on the ERP side).
 */

export class Migration20261204040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invoice_request" ("id" bigserial primary key, "backend_id" int not null, "shipment_key" text not null, "amazon_order_id" text not null, "ship_date" timestamptz not null, "state" text not null default 'waiting', "code" text null, "message" text null, "move_id" int null, "invoice_name" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "invoice_request_state_index" on "invoice_request" ("backend_id", "state");`);
    this.addSql(`create index "invoice_request_order_index" on "invoice_request" ("backend_id", "amazon_order_id");`);
    this.addSql(`alter table "invoice_request" add constraint "invoice_request_shipment_unique" unique ("backend_id", "shipment_key");`);
    this.addSql(`alter table "invoice_request" add constraint "invoice_request_move_unique" unique ("backend_id", "move_id");`);

    this.addSql(`alter table "invoice_request" add constraint "invoice_request_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invoice_request" cascade;`);
  }

}
