import { Migration } from '../connector/src/db/migration-generator.ts';

/** The settlement posting ledger (connector/src/db/entities/settlement-posting.entity.ts, sync/settlements/posting/). */
export class Migration20261214020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "settlement_posting" ("backend_id" int not null, "settlement_id" text not null, "version" int not null, "chunk_no" int not null, "ref" text not null, "content_hash" text not null, "state" text not null, "move_id" int null, "line_count" int not null, "clearing_minor" bigint not null, "amounts" jsonb not null, "reconciled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "settlement_posting_pkey" primary key ("backend_id", "settlement_id", "version", "chunk_no"));`);

    this.addSql(`alter table "settlement_posting" add constraint "settlement_posting_ref_unique" unique ("backend_id", "ref");`);

    this.addSql(`alter table "settlement_posting" add constraint "settlement_posting_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "settlement_posting" cascade;`);
  }

}
