import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The fba-stock flow (sync/fba-stock/): Amazon's FBA figures per backend, pool and SKU (`fba_stock`), each pool's
 * last snapshot (`fba_stock_snapshot`), and the drift rows against the pool's ERP warehouse (`fba_stock_drift`).
 */
export class Migration20261208020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "fba_stock" ("backend_id" int not null, "pool" text not null, "seller_sku" text not null, "asin" text null, "fn_sku" text null, "fulfillable" int not null, "inbound_working" int not null, "inbound_shipped" int not null, "inbound_receiving" int not null, "reserved_total" int not null, "reserved_pending_customer_order" int not null, "reserved_pending_transshipment" int not null, "reserved_fc_processing" int not null, "researching" int not null, "unfulfillable" int not null, "total" int not null, "amazon_updated_at" timestamptz null, "snapshot_at" timestamptz not null, constraint "fba_stock_pkey" primary key ("backend_id", "pool", "seller_sku"));`);

    this.addSql(`create table "fba_stock_drift" ("id" bigserial primary key, "backend_id" int not null, "pool" text not null, "snapshot_at" timestamptz not null, "product_id" int not null, "location" text check ("location" in ('stock', 'unsellable')) not null, "location_id" int not null, "skus" text[] not null, "amazon_qty" int not null, "expected_min" int not null, "expected_max" int not null, "erp_qty" int not null, "target_qty" int not null, "difference" int not null, "cause" text not null, "state" text check ("state" in ('open', 'applied', 'superseded')) not null, "applied_by" text null, "applied_at" timestamptz null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "fba_stock_drift_pool_index" on "fba_stock_drift" ("backend_id", "pool", "state");`);

    this.addSql(`create table "fba_stock_snapshot" ("backend_id" int not null, "pool" text not null, "marketplace_id" text not null, "taken_at" timestamptz not null, "sku_count" int not null, "restarts" int not null, constraint "fba_stock_snapshot_pkey" primary key ("backend_id", "pool"));`);

    this.addSql(`alter table "fba_stock" add constraint "fba_stock_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "fba_stock_drift" add constraint "fba_stock_drift_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "fba_stock_snapshot" add constraint "fba_stock_snapshot_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fba_stock" cascade;`);

    this.addSql(`drop table if exists "fba_stock_drift" cascade;`);

    this.addSql(`drop table if exists "fba_stock_snapshot" cascade;`);
  }

}
