import { Migration } from '../connector/src/db/migration-generator.ts';

/** The Reports core's `report_request` (connector/src/db/entities/report-request.entity.ts): one row per report a flow asked for. */
export class Migration20261211020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "report_request" ("id" bigserial primary key, "backend_id" int not null, "flow" text not null, "report_type" text not null, "marketplace_id" text not null, "window_start" timestamptz not null, "window_end" timestamptz not null, "state" text not null default 'requested', "amazon_report_id" text null, "document_id" text null, "attempt_started_at" timestamptz null, "polls" int not null default 0, "rows_count" int null, "code" text null, "error" text null, "requested_at" timestamptz not null default now(), "finished_at" timestamptz null, "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "report_request_amazon_id_index" on "report_request" ("backend_id", "amazon_report_id");`);
    this.addSql(`create index "report_request_recent_index" on "report_request" ("backend_id", "id" desc);`);
    this.addSql(`alter table "report_request" add constraint "report_request_window_unique" unique ("backend_id", "report_type", "marketplace_id", "window_start", "window_end");`);

    this.addSql(`alter table "report_request" add constraint "report_request_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "report_request" cascade;`);
  }

}
