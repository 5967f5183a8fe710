import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Amazon's fees as vendor bills (issue 16, connector/src/sync/settlements/posting/README.md): the posting ledger
 * holds, beside the journal entries, one row per version for Amazon's vendor bill (`kind` `bill`, chunk 0, ref
 * `AMZ-SET <settlement> v<n> fees`), written BEFORE the ERP's create like the entries' rows.
 */
export class Migration20261215010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "settlement_posting" add column "kind" text not null default 'entry';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "settlement_posting" drop column "kind";`);
  }

}
