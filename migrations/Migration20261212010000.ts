import { Migration } from '../connector/src/db/migration-generator.ts';

/** The returns flow's `merchant_return` (connector/src/db/entities/merchant-return.entity.ts): one row per merchant return, by (backend, order, RMA id, SKU). */
export class Migration20261212010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "merchant_return" ("backend_id" int not null, "order_id" text not null, "rma_id" text not null, "sku" text not null, "marketplace_id" text not null, "status" text not null, "quantity" int not null, "reason" text not null, "requested_at" timestamptz null, "delivered_at" timestamptz null, "refunded_minor" bigint null, "currency" text null, "content_hash" text not null, "report_request_id" bigint null, "first_seen_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "merchant_return_pkey" primary key ("backend_id", "order_id", "rma_id", "sku"));`);

    this.addSql(`alter table "merchant_return" add constraint "merchant_return_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "merchant_return" cascade;`);
  }

}
