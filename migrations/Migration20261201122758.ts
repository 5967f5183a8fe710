import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261201122758 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "amazon_order_updated_index";`);

    this.addSql(`create index "amazon_order_listing_index" on "amazon_order" ("backend_id", "last_updated_at" desc, "id" desc);`);
    this.addSql(`create index "amazon_order_state_listing_index" on "amazon_order" ("backend_id", "sync_state", "last_updated_at" desc, "id" desc);`);

    this.addSql(`drop index "sync_conflict_listing_index";`);

    this.addSql(`create index "sync_conflict_status_index" on "sync_conflict" ("status", "id");`);
    this.addSql(`create index "sync_conflict_listing_index" on "sync_conflict" ("backend_id", "status", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "amazon_order_listing_index";`);
    this.addSql(`drop index "amazon_order_state_listing_index";`);

    this.addSql(`create index "amazon_order_updated_index" on "amazon_order" ("backend_id", "last_updated_at");`);

    this.addSql(`drop index "sync_conflict_status_index";`);
    this.addSql(`drop index "sync_conflict_listing_index";`);

    this.addSql(`create index "sync_conflict_listing_index" on "sync_conflict" ("backend_id", "status", "created_at");`);
  }

}
