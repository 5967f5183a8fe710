import { Migration } from '../connector/src/db/migration-generator.ts';

/** The labels flow's `shipping_label` and `label_batch` (connector/src/db/entities/shipping-label.entity.ts). */
export class Migration20261213010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "label_batch" ("id" text not null, "backend_id" int not null, "picking_ids" jsonb not null, "created_at" timestamptz not null default now(), constraint "label_batch_pkey" primary key ("id"));`);

    this.addSql(`create table "shipping_label" ("backend_id" int not null, "idempotency_key" text not null, "picking_id" int not null, "package_no" int not null, "attempt" int not null, "amazon_order_id" text not null, "state" text not null, "code" text null, "message" text null, "batch_id" text null, "request_token" text null, "rate_id" text null, "carrier_id" text null, "carrier_name" text null, "service_id" text null, "service_name" text null, "charge_minor" bigint null, "currency" text null, "weight_grams" int null, "shipment_id" text null, "tracking_id" text null, "pdf_sealed" bytea null, "zpl_sealed" bytea null, "label_key_id" text null, "label_redacted_at" timestamptz null, "attachment_ids" jsonb not null default '[]', "created_at" timestamptz not null default now(), "bought_at" timestamptz null, "voided_at" timestamptz null, "updated_at" timestamptz not null default now(), constraint "shipping_label_pkey" primary key ("backend_id", "idempotency_key"));`);
    this.addSql(`create index "shipping_label_picking_index" on "shipping_label" ("backend_id", "picking_id", "package_no");`);

    this.addSql(`alter table "label_batch" add constraint "label_batch_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shipping_label" add constraint "shipping_label_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "label_batch" cascade;`);

    this.addSql(`drop table if exists "shipping_label" cascade;`);
  }

}
