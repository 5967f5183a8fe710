import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The payout's bank statement line per settlement (issue 16, connector/src/sync/settlements/posting/bank-line.ts):
 * its ref written BEFORE the ERP's create (`creating`), then the line's id (`created`) and `reconciled` once it
 * clears the settlement's Amazon transfers lines. A crash finds the ERP's line again by this ref.
 */
export class Migration20261214070000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "settlement" add column "bank_line_ref" text null, add column "bank_line_state" text null, add column "bank_line_id" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "settlement" drop column "bank_line_ref", drop column "bank_line_state", drop column "bank_line_id";`);
  }

}
