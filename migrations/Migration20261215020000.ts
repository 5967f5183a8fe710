import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The exchange difference of a settlement's payout (issue 16, connector/src/sync/settlements/posting/bank-line.ts):
 * when the bank line (in the payout's currency) clears the settlement's Amazon transfers items (in the settlement's),
 * the ERP books the difference of rates in its exchange journal; its entry id and company-currency amount are kept.
 */
export class Migration20261215020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "settlement" add column "bank_line_exchange_move_id" int null, add column "bank_line_exchange_minor" bigint null, add column "bank_line_exchange_currency" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "settlement" drop column "bank_line_exchange_move_id", drop column "bank_line_exchange_minor", drop column "bank_line_exchange_currency";`);
  }

}
