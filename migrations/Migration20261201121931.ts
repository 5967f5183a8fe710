import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261201121931 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "flow_health" ("backend_id" int not null, "flow" text not null, "expected_interval_seconds" int not null, "last_progress_at" timestamptz null, "failing_code" text null, "failing_message" text null, "failing_since" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "flow_health_pkey" primary key ("backend_id", "flow"));`);

    this.addSql(`alter table "flow_health" add constraint "flow_health_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sync_run" add column "correlation_id" text null, add column "owner" text null, add column "subject" text null, add column "outcome" jsonb null;`);
    this.addSql(`create index "sync_run_correlation_index" on "sync_run" ("correlation_id");`);
    this.addSql(`create index "sync_run_open_owner_index" on "sync_run" ("owner") where status in ('queued', 'running');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "flow_health" cascade;`);

    this.addSql(`drop index "sync_run_correlation_index";`);
    this.addSql(`drop index "sync_run_open_owner_index";`);
    this.addSql(`alter table "sync_run" drop column "correlation_id", drop column "owner", drop column "subject", drop column "outcome";`);
  }

}
