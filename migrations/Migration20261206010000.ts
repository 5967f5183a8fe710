import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The admin panel's sign-in: local accounts (`panel_user`, an argon2id hash, one role) for standalone use, and the
 * ERP embed tokens already exchanged (`panel_token_use`, their `jti` until they expire), so a token is refused a
 * second time whichever API process sees it.
 */

export class Migration20261206010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "panel_user" (
      "id" serial primary key,
      "login" text not null,
      "name" text not null,
      "role" text not null check ("role" in ('integrator', 'accountant', 'viewer')),
      "password_hash" text not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
    // Logins are stored lower case (case-insensitive): "Anna" and "anna" are one account.
    this.addSql(`alter table "panel_user" add constraint "panel_user_login_unique" unique ("login");`);
    this.addSql(`create table "panel_token_use" ("jti" text primary key, "expires_at" timestamptz not null);`);
    this.addSql(`create index "panel_token_use_expires_index" on "panel_token_use" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "panel_token_use";`);
    this.addSql(`drop table if exists "panel_user";`);
  }

}
