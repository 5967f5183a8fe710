import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Mapping rules are keyed by the name of the flow that reads them, the name its declaration carries (`orders`,
 * the task prefix and settings key); they were stored under `order`. Data only: the column stays.
 */
export class Migration20261201160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "mapping_rule" set "flow" = 'orders' where "flow" = 'order';`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "mapping_rule" set "flow" = 'order' where "flow" = 'orders';`);
  }
}
