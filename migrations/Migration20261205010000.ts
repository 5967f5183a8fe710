import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The Feeds core (core/feeds): `feed` is one feed submitted (or being submitted) to Amazon for a backend, with its
 * submit attempt times (so an outcome left unknown by a crash can be looked up with getFeeds before anything is sent
 * again) and Amazon's processing status; `feed_message` is one message a flow queued (unique per backend, feed type
 * and the flow's key: enqueuing twice creates nothing), its body, optional attachment (an invoice PDF) and outcome.
 */

export class Migration20261205010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "feed" ("id" bigserial primary key, "backend_id" int not null, "feed_type" text not null, "marketplace_ids" text[] not null, "state" text not null default 'submitting', "amazon_feed_id" text null, "document_id" text null, "attempt_started_at" timestamptz null, "attempt_ended_at" timestamptz null, "processing_status" text null, "summary" jsonb null, "code" text null, "message" text null, "polls" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "feed_state_index" on "feed" ("backend_id", "state");`);
    this.addSql(`create index "feed_recent_index" on "feed" ("backend_id", "id" desc);`);
    this.addSql(`alter table "feed" add constraint "feed_amazon_feed_id_unique" unique ("backend_id", "amazon_feed_id");`);
    this.addSql(`alter table "feed" add constraint "feed_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "feed_message" ("id" bigserial primary key, "backend_id" int not null, "feed_type" text not null, "key" text not null, "marketplace_ids" text[] not null, "body" jsonb not null, "attachment" bytea null, "state" text not null default 'queued', "feed_id" bigint null, "message_ref" int null, "result_code" text null, "result_message" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "feed_message" add constraint "feed_message_key_unique" unique ("backend_id", "feed_type", "key");`);
    // The scheduler reads the queued messages of a backend per type, oldest first: a partial index keeps it small.
    this.addSql(`create index "feed_message_queued_index" on "feed_message" ("backend_id", "feed_type", "id") where state = 'queued';`);
    this.addSql(`create index "feed_message_feed_index" on "feed_message" ("feed_id");`);
    this.addSql(`alter table "feed_message" add constraint "feed_message_backend_id_foreign" foreign key ("backend_id") references "backend" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "feed_message" add constraint "feed_message_feed_id_foreign" foreign key ("feed_id") references "feed" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "feed_message" cascade;`);
    this.addSql(`drop table if exists "feed" cascade;`);
  }

}
