import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `merchant_stock_move_poll`: the merchant-stock flow's own `write_date` cursor over the ERP's done stock moves, for
 * its fast poll while the ERP's webhook is not live (the latest second seen, the move ids handed over in it).
 */
export class Migration20261209010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "merchant_stock_move_poll" ("backend_id" int not null, "cursor" timestamp not null, "seen" jsonb not null default '{}', "polled_at" timestamptz not null default now(), constraint "merchant_stock_move_poll_pkey" primary key ("backend_id"));`);
    this.addSql(`alter table "merchant_stock_move_poll" add constraint "merchant_stock_move_poll_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "merchant_stock_move_poll" cascade;`);
  }

}
