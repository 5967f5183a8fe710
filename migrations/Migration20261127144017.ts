import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261127144017 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "worker_heartbeat" ("worker_id" text not null, "pid" int not null, "host" text not null, "seen_at" timestamptz not null default now(), constraint "worker_heartbeat_pkey" primary key ("worker_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "worker_heartbeat" cascade;`);
  }

}
