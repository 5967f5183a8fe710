import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The cancellations flow's record of each Amazon order it handles (connector/src/sync/cancellations/README.md):
 * why (Amazon cancelled it, or the buyer asked), what was decided, whether the ERP order was cancelled, and the
 * reason the ERP -> Amazon part sends to Amazon (`seller_cancel_reason`: BuyerCanceled when the seller accepted a
 * buyer's request; null when Amazon cancelled the order itself: nothing is sent back). One row per order.
 */

export class Migration20261205030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "order_cancellation" (
      "backend_id" int not null,
      "amazon_order_id" text not null,
      "source" text not null check ("source" in ('amazon', 'buyer_request')),
      "state" text not null check ("state" in ('pending', 'requested', 'asked', 'cancelled', 'conflict', 'kept')),
      "decision" text null check ("decision" in ('auto', 'cancel_in_erp', 'keep')),
      "decided_by" text null,
      "amazon_cancelled" boolean not null default false,
      "seller_cancel_reason" text null,
      "request_reason" text null,
      "erp_order_id" int null,
      "erp_cancelled_at" timestamptz null,
      "note_started_at" timestamptz null,
      "noted_at" timestamptz null,
      "amazon" jsonb not null default '{}',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      primary key ("backend_id", "amazon_order_id"));`);
    this.addSql(`alter table "order_cancellation" add constraint "order_cancellation_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_cancellation";`);
  }

}
