import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The reorder flow's record of stock-outs (connector/src/db/entities/reorder-stock-day.entity.ts): per backend and
 * day the UTC hours its stock was sampled (`reorder_stock_sample`), and per SKU the hours it was at zero
 * (`reorder_stock_day`, a row only for a SKU at zero at least once that day).
 */
export class Migration20261211010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reorder_stock_sample" ("backend_id" int not null, "day" date not null, "hours" int not null default 0, "sampled_at" timestamptz not null default now(), constraint "reorder_stock_sample_pkey" primary key ("backend_id", "day"));`);
    this.addSql(`create table "reorder_stock_day" ("backend_id" int not null, "sku" text not null, "day" date not null, "zero_hours" int not null default 0, constraint "reorder_stock_day_pkey" primary key ("backend_id", "sku", "day"));`);

    this.addSql(`alter table "reorder_stock_sample" add constraint "reorder_stock_sample_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reorder_stock_day" add constraint "reorder_stock_day_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reorder_stock_day" cascade;`);
    this.addSql(`drop table if exists "reorder_stock_sample" cascade;`);
  }

}
