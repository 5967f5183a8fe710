import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Failed local panel sign-ins (`panel_login_failure`): the login throttle's counts, shared by every API process
 * (they were per process). One row a key (an address, or an address and a login) while its window is open.
 */
export class Migration20261207050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "panel_login_failure" ("key" text not null, "failures" int not null, "window_until" timestamptz not null, constraint "panel_login_failure_pkey" primary key ("key"));`);
    this.addSql(`create index "panel_login_failure_window_until_index" on "panel_login_failure" ("window_until");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "panel_login_failure" cascade;`);
  }

}
