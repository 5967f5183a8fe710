import { Migration } from '../connector/src/db/migration-generator.ts';

/** The review-requests flow's `review_request` (connector/src/db/entities/review-request.entity.ts): one row per Amazon order, written before the review request is sent. */
export class Migration20261213030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "review_request" ("backend_id" int not null, "amazon_order_id" text not null, "marketplace_id" text not null, "state" text check ("state" in ('waiting', 'sending', 'sent', 'skipped', 'expired', 'refused')) not null, "code" text null, "delivered_at" timestamptz not null, "window_ends_at" timestamptz not null, "checks" int not null default 0, "checked_at" timestamptz null, "sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "review_request_pkey" primary key ("backend_id", "amazon_order_id"));`);
    this.addSql(`alter table "review_request" add constraint "review_request_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "review_request" cascade;`);
  }

}
