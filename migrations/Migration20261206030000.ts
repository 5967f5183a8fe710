import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The SKUs seen (`amazon_sku`, the admin panel's SKU list), filled by hand below from the orders already stored:
 * each seller SKU of a stored order's items, with its ASIN and title and the last order that sold it.
 */
export class Migration20261206030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "amazon_sku" ("id" bigserial primary key, "backend_id" int not null, "sku" text not null, "asin" text null, "title" text null, "last_order_id" text null, "first_seen_at" timestamptz not null default now(), "last_seen_at" timestamptz not null default now(), "matched_by" text null, "matched_product_id" int null, "matched_product_name" text null);`);
    this.addSql(`alter table "amazon_sku" add constraint "amazon_sku_unique" unique ("backend_id", "sku");`);

    this.addSql(`alter table "amazon_sku" add constraint "amazon_sku_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
    // Data: the SKUs of the orders stored before this table existed (new orders add theirs when stored).
    this.addSql(`insert into "amazon_sku" ("backend_id", "sku", "asin", "title", "last_order_id", "first_seen_at", "last_seen_at")
      select distinct on (d.backend_id, i -> 'product' ->> 'sellerSku') d.backend_id, i -> 'product' ->> 'sellerSku',
             i -> 'product' ->> 'asin', left(i -> 'product' ->> 'title', 500), d.key, d.source_updated_at, d.source_updated_at
        from "fetched_document" d, jsonb_array_elements(case when jsonb_typeof(d.payload -> 'orderItems') = 'array' then d.payload -> 'orderItems' else '[]'::jsonb end) i
       where d.kind = 'order' and coalesce(i -> 'product' ->> 'sellerSku', '') <> ''
       order by d.backend_id, i -> 'product' ->> 'sellerSku', d.source_updated_at desc
      on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "amazon_sku" cascade;`);
  }

}
