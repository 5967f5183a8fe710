import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The SKUs the order flow finds by itself, without a `sku_map` row (an ERP product whose internal reference is the
 * SKU): `implicit_product_id` and `implicit_by` say which product and how, `implicit_at` when the flow last found it,
 * so the SKU screen shows them matched instead of "Unmatched".
 */
export class Migration20261207041000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "amazon_sku" add column "implicit_product_id" int null, add column "implicit_by" text null, add column "implicit_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "amazon_sku" drop column "implicit_product_id", drop column "implicit_by", drop column "implicit_at";`);
  }

}
