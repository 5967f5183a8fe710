import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Payouts (issue 16): `settlement_payout` (Finances v0 financial event groups, connector/src/db/entities/
 * settlement-payout.entity.ts) and, on `settlement`, the lines' sum (backfilled from the stored lines), the matched
 * payout and the match state.
 */
export class Migration20261214010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "settlement_payout" ("backend_id" int not null, "group_id" text not null, "processing_status" text null, "fund_transfer_status" text null, "fund_transfer_date" timestamptz null, "original_minor" bigint null, "original_currency" text null, "converted_minor" bigint null, "converted_currency" text null, "beginning_minor" bigint null, "trace_id" text null, "account_tail" text null, "group_start" timestamptz null, "group_end" timestamptz null, "first_seen_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "settlement_payout_pkey" primary key ("backend_id", "group_id"));`);

    this.addSql(`alter table "settlement_payout" add constraint "settlement_payout_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "settlement" add column "lines_total_minor" bigint null, add column "payout_group_id" text null, add column "payout_state" text not null default 'unmatched';`);

    // Settlements stored before: their lines' sum from the lines themselves.
    this.addSql(`update "settlement" s set "lines_total_minor" = (select coalesce(sum(l."amount_minor"), 0) from "settlement_line" l where l."backend_id" = s."backend_id" and l."settlement_id" = s."settlement_id");`);

    this.addSql(`alter table "settlement" alter column "lines_total_minor" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "settlement_payout" cascade;`);

    this.addSql(`alter table "settlement" drop column "lines_total_minor", drop column "payout_group_id", drop column "payout_state";`);
  }

}
