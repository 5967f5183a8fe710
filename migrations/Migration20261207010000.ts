import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The Overview's conflicts per hour (GET /api/backends/{id}/overview) read one backend's conflicts of the last
 * 24 h: without an index on (backend, created_at) that was a scan of every conflict ever raised.
 */
export class Migration20261207010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "sync_conflict_created_index" on "sync_conflict" ("backend_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "sync_conflict_created_index";`);
  }

}
