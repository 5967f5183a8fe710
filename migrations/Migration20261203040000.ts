import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * When a backend's ERP set-up last went through (`backend.set_up_at`): its flows' jobs wait for it, so a backend
 * created through the API is never swept before its set-up ran. The backends that exist already have been set up
 * at every boot (and have been syncing): they count as set up.
 */

export class Migration20261203040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backend" add column "set_up_at" timestamptz null;`);
    this.addSql(`update "backend" set "set_up_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backend" drop column "set_up_at";`);
  }

}
