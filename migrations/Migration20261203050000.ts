import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `rate_bucket.paused_until`: after a 429 every worker's next request of the bucket waits until then (a short
 * backoff), without spending the bucket's tokens: the 429 may be a passing fault, and a burst kept is a burst
 * Amazon may still grant.
 */

export class Migration20261203050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "rate_bucket" add column "paused_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "rate_bucket" drop column "paused_until";`);
  }

}
