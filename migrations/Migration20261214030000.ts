import { Migration } from '../connector/src/db/migration-generator.ts';

/** The reconciliation's accepted variances, `variance_acceptance` (connector/src/db/entities/variance-acceptance.entity.ts). */
export class Migration20261214030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "variance_acceptance" ("backend_id" int not null, "variance_key" text not null, "reason" text not null, "difference_minor" bigint not null, "currency" text not null, "note" text not null, "accepted_by" text not null, "accepted_at" timestamptz not null default now(), "first_accepted_at" timestamptz not null default now(), constraint "variance_acceptance_pkey" primary key ("backend_id", "variance_key"));`);

    this.addSql(`alter table "variance_acceptance" add constraint "variance_acceptance_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "variance_acceptance" cascade;`);
  }

}
