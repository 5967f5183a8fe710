import { Migration } from '../connector/src/db/migration-generator.ts';

/** The account-health flow's `account_health_rate` and `account_health_alert` (connector/src/db/entities/account-health.entity.ts). */
export class Migration20261213040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "account_health_rate" ("backend_id" int not null, "marketplace_id" text not null, "metric" text not null, "period_from" timestamptz not null, "period_to" timestamptz not null, "count" int not null, "total" int not null, "rate" double precision not null, "status" text not null, "target_value" double precision not null, "target_condition" text not null, "detail" jsonb null, "first_read_at" timestamptz not null default now(), "read_at" timestamptz not null default now(), constraint "account_health_rate_pkey" primary key ("backend_id", "marketplace_id", "metric", "period_from", "period_to"));`);
    this.addSql(`create index "account_health_rate_period_index" on "account_health_rate" ("backend_id", "period_to");`);

    this.addSql(`create table "account_health_alert" ("id" bigserial primary key, "backend_id" int not null, "marketplace_id" text not null, "metric" text not null, "period_from" timestamptz not null, "period_to" timestamptz not null, "level" text not null, "rate" double precision not null, "threshold" double precision not null, "raised_at" timestamptz not null default now(), "activity_state" text not null default 'pending', "erp_activity_id" int null);`);
    this.addSql(`alter table "account_health_alert" add constraint "account_health_alert_unique" unique ("backend_id", "marketplace_id", "metric", "period_from", "period_to", "level");`);

    this.addSql(`alter table "account_health_rate" add constraint "account_health_rate_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "account_health_alert" add constraint "account_health_alert_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_health_rate" cascade;`);

    this.addSql(`drop table if exists "account_health_alert" cascade;`);
  }

}
