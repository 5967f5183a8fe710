import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261127151926 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "amazon_order" add column "shipped" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "amazon_order" drop column "shipped";`);
  }

}
