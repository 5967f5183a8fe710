import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261201130100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor" text not null, "action" text not null, "backend_id" int null, "target" text not null, "before" jsonb null, "after" jsonb null);`);
    this.addSql(`create index "audit_log_backend_index" on "audit_log" ("backend_id", "id");`);

    this.addSql(`alter table "backend" drop constraint "backend_name_unique";`);

    this.addSql(`alter table "backend" add column "enabled" boolean not null default true, add column "deleted_at" timestamptz null;`);
    this.addSql(`create unique index "backend_name_live_unique" on "backend" ("name") where deleted_at is null;`);

    this.addSql(`alter table "rate_bucket" drop column "override_rate", drop column "override_burst";`);
    // Buckets are now keyed by application x seller x region (quota-keys.ts), and the application (the LWA client
    // id) is sealed with the credentials: rows under the old seller keys would only linger. Tokens refill and a
    // learnt rate is learnt again from the next answer; overrides were copies of the backends' settings.
    this.addSql(`delete from "rate_bucket";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop index "backend_name_live_unique";`);
    this.addSql(`alter table "backend" drop column "enabled", drop column "deleted_at";`);

    this.addSql(`alter table "backend" add constraint "backend_name_unique" unique ("name");`);

    this.addSql(`alter table "rate_bucket" add column "override_rate" numeric null, add column "override_burst" numeric null;`);
  }

}
