import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The care flow's `care_activity` (connector/src/db/entities/care-activity.entity.ts): one row per (backend, order,
 * reason), the ERP activity made for it; an index for the sweep's read-back of open rows.
 */
export class Migration20261213020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "care_activity" (
      "backend_id" int not null,
      "amazon_order_id" text not null,
      "reason" text not null check ("reason" in ('cancel_request', 'return_request', 'a_to_z_claim', 'chargeback', 'ship_late')),
      "state" text not null check ("state" in ('pending', 'open', 'done')),
      "code" text null,
      "detail" jsonb not null default '{}',
      "erp_order_id" int null,
      "erp_activity_id" int null,
      "erp_user_id" int null,
      "due_at" timestamptz null,
      "create_started_at" timestamptz null,
      "done_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      primary key ("backend_id", "amazon_order_id", "reason"));`);
    this.addSql(`alter table "care_activity" add constraint "care_activity_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "care_activity";`);
  }

}
