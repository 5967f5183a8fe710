import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `merchant_stock_listing`: what Amazon last showed of each SKU's listing (fulfillment channels, DEFAULT quantity,
 * last update, when read) and a re-check a LISTINGS_ITEM_MFN_QUANTITY_CHANGE asked for: the merchant-stock
 * reconciliation's reading (connector/src/db/entities/merchant-stock-listing.entity.ts).
 */
export class Migration20261208040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "merchant_stock_listing" ("backend_id" int not null, "sku" text not null, "found" boolean not null default false, "channels" text[] not null default '{}', "merchant_qty" int null, "amazon_updated_at" timestamptz null, "seen_at" timestamptz null, "check_after" timestamptz null, "notified_qty" int null, constraint "merchant_stock_listing_pkey" primary key ("backend_id", "sku"));`);
    this.addSql(`create index "merchant_stock_listing_check_index" on "merchant_stock_listing" ("backend_id", "check_after") where check_after is not null;`);

    this.addSql(`alter table "merchant_stock_listing" add constraint "merchant_stock_listing_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "merchant_stock_listing" cascade;`);
  }

}
