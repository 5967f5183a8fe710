import { Migration } from '../connector/src/db/migration-generator.ts';

/** The reorder flow's kept weekly sales (`reorder_weekly_sales`, connector/src/db/entities/reorder-weekly-sales.entity.ts). */

export class Migration20261208030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reorder_weekly_sales" ("backend_id" int not null, "sku" text not null, "marketplace_id" text not null, "week" date not null, "units" int not null, "updated_at" timestamptz not null default now(), constraint "reorder_weekly_sales_pkey" primary key ("backend_id", "sku", "marketplace_id", "week"));`);

    this.addSql(`alter table "reorder_weekly_sales" add constraint "reorder_weekly_sales_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reorder_weekly_sales" cascade;`);
  }

}
