import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The website authorisation workflow's `state` values ("Connect with Amazon"): only a hash of each is kept (the
 * value itself travels through the seller's browser), bound to the backend and the principal who asked, with an
 * expiry; `used_at` makes it single use; `selling_partner_id` is what Amazon sent back with it.
 */
export class Migration20261206050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "amazon_authorization_state" ("state_hash" text not null, "backend_id" int not null, "principal" text not null, "redirect_uri" text not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "used_at" timestamptz null, "selling_partner_id" text null, "outcome" text null, constraint "amazon_authorization_state_pkey" primary key ("state_hash"));`);
    this.addSql(`alter table "amazon_authorization_state" add constraint "amazon_authorization_state_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "amazon_authorization_state_expires_index" on "amazon_authorization_state" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "amazon_authorization_state" cascade;`);
  }

}
