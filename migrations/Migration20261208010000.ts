import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `merchant_stock_offer`: per backend and SKU, the merchant-fulfilled quantity the merchant-stock flow wants Amazon
 * to show (versioned per SKU by `computed_seq`) and what it last sent (quantity, version, lane, feed message, time),
 * so a send is recorded only over an older one and a SKU an older feed may have overwritten is checked again.
 */
export class Migration20261208010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "merchant_stock_offer" (
      "backend_id" int not null,
      "sku" text not null,
      "product_id" int not null,
      "desired_qty" int not null,
      "computed_seq" bigint not null,
      "computed_at" timestamptz not null default now(),
      "inputs" jsonb not null default '{}',
      "product_type" text null,
      "sent_qty" int null,
      "sent_seq" bigint null,
      "sent_lane" text null check ("sent_lane" in ('patch', 'feed')),
      "sent_feed_message_id" bigint null,
      "sent_at" timestamptz null,
      "recheck_at" timestamptz null,
      "code" text null,
      "message" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      primary key ("backend_id", "sku"));`);
    this.addSql(`create index "merchant_stock_offer_pending_index" on "merchant_stock_offer" ("backend_id", "sku") where computed_seq > coalesce(sent_seq, 0) or recheck_at is not null;`);
    this.addSql(`create index "merchant_stock_offer_product_index" on "merchant_stock_offer" ("backend_id", "product_id");`);
    this.addSql(`alter table "merchant_stock_offer" add constraint "merchant_stock_offer_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "merchant_stock_offer" cascade;`);
  }

}
