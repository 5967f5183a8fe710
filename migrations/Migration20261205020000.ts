import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Amazon notifications: the channel an integrator supplies per SP-API application (its LWA client id: Amazon's
 * destinations belong to the application), the subscriptions made per backend and type, and every notification
 * read from the queue, once (keyed by Amazon's NotificationId: a repeated delivery inserts nothing).
 */

export class Migration20261205020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "amazon_notification_channel" (
      "application_id" text not null primary key,
      "queue_url" text not null,
      "queue_arn" text not null,
      "aws_region" text not null,
      "sqs_endpoint" text null,
      "credentials_ref" text not null,
      "destination_id" text null,
      "updated_at" timestamptz not null default now(),
      "updated_by" text not null);`);
    this.addSql(`create table "amazon_notification_subscription" (
      "backend_id" int not null references "backend" ("id") on delete cascade,
      "notification_type" text not null,
      "subscription_id" text null,
      "destination_id" text not null,
      "checked_at" timestamptz not null default now(),
      primary key ("backend_id", "notification_type"));`);
    this.addSql(`create table "amazon_notification" (
      "notification_id" text not null primary key,
      "notification_type" text not null,
      "seller_id" text not null,
      "event_time" timestamptz not null,
      "subject" text null,
      "payload" jsonb not null,
      "backend_ids" int[] not null,
      "received_at" timestamptz not null default now());`);
    this.addSql(`create index "amazon_notification_received_index" on "amazon_notification" ("received_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "amazon_notification";`);
    this.addSql(`drop table if exists "amazon_notification_subscription";`);
    this.addSql(`drop table if exists "amazon_notification_channel";`);
  }

}
