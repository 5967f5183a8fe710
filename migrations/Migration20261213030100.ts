import { Migration } from '../connector/src/db/migration-generator.ts';

/** The buyer-messages flow's `buyer_message` (connector/src/db/entities/buyer-message.entity.ts): each message sent to a buyer through the Messaging API. */
export class Migration20261213030100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "buyer_message" ("id" bigserial primary key, "backend_id" int not null, "amazon_order_id" text not null, "marketplace_id" text not null, "message_type" text not null, "body" jsonb not null, "state" text check ("state" in ('sending', 'sent', 'refused', 'unknown')) not null, "code" text null, "sent_by" text null, "erp_order_id" int null, "erp_message_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "buyer_message_amazon_order_id_index" on "buyer_message" ("amazon_order_id");`);
    this.addSql(`alter table "buyer_message" add constraint "buyer_message_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "buyer_message" cascade;`);
  }

}
