import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261127142236 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "amazon_order" add column "sync_state" text not null default 'queued', add column "sync_code" text null, add column "synced_at" timestamptz null, add column "erp_order_name" text null, add column "total" text null, add column "currency" text null;`);
    this.addSql(`create index "amazon_order_sync_state_index" on "amazon_order" ("backend_id", "sync_state");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "amazon_order_sync_state_index";`);
    this.addSql(`alter table "amazon_order" drop column "sync_state", drop column "sync_code", drop column "synced_at", drop column "erp_order_name", drop column "total", drop column "currency";`);
  }

}
