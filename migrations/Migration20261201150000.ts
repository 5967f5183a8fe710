import { Migration } from '../connector/src/db/migration-generator.ts';

export class Migration20261201150000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "binding" add column "version" int not null default 1, add column "state" jsonb null;`);

    // Written by hand (data, not schema): the seller SKU -> product rows of the sku_map lookup table become
    // product bindings (core/binding: kind product, amazon key = the SKU). A binding that already exists for the
    // SKU is kept. Service products bound by the set-up under kind product (`service:shipping`...) are ERP service
    // lines, not Amazon products: they move to their own kind first, so the SKU table lists SKUs only. The
    // lookup_table row named sku_map stays: it says the table exists (listed with its count) as before.
    this.addSql(`update "binding" set "kind" = 'service_product' where "kind" = 'product' and "amazon_key" like 'service:%';`);
    this.addSql(`insert into "binding" ("backend_id", "kind", "amazon_key", "erp_model", "erp_id", "synced_at", "created_at")
      select t."backend_id", 'product', e."key", 'product.product', (e."value"->>'productId')::int, e."updated_at", e."updated_at"
        from "lookup_entry" e join "lookup_table" t on t."id" = e."table_id"
       where t."name" = 'sku_map' and jsonb_typeof(e."value"->'productId') = 'number'
      on conflict ("backend_id", "kind", "amazon_key") do nothing;`);
    this.addSql(`delete from "lookup_entry" e using "lookup_table" t
      where t."id" = e."table_id" and t."name" = 'sku_map' and jsonb_typeof(e."value"->'productId') = 'number';`);
  }

  override async down(): Promise<void> {
    this.addSql(`insert into "lookup_table" ("backend_id", "name") select distinct "backend_id", 'sku_map' from "binding" where "kind" = 'product'
      on conflict ("backend_id", "name") do nothing;`);
    this.addSql(`insert into "lookup_entry" ("table_id", "key", "value", "updated_at")
      select t."id", b."amazon_key", jsonb_build_object('productId', b."erp_id"), b."synced_at"
        from "binding" b join "lookup_table" t on t."backend_id" = b."backend_id" and t."name" = 'sku_map'
       where b."kind" = 'product'
      on conflict ("table_id", "key") do nothing;`);
    this.addSql(`delete from "binding" where "kind" = 'product';`);
    this.addSql(`update "binding" set "kind" = 'product' where "kind" = 'service_product';`);
    this.addSql(`alter table "binding" drop column "version", drop column "state";`);
  }

}
