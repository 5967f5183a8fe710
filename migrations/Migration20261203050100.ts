import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `backend_auth_refusal`: a remote (Amazon) that refused a backend's credentials, shown as the backend's state
 * (AMAZON_AUTH_FAILED with what to do) until new credentials replace the refused ones.
 */

export class Migration20261203050100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backend_auth_refusal" ("backend_id" int not null, "remote" text not null, "code" text not null, "message" text not null, "since" timestamptz not null default now(), constraint "backend_auth_refusal_pkey" primary key ("backend_id", "remote"));`);

    this.addSql(`alter table "backend_auth_refusal" add constraint "backend_auth_refusal_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backend_auth_refusal" cascade;`);
  }

}
