import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The tax table is keyed by VAT regime instead of marketplace (`regime|COUNTRY|rate`, core/vat's `vatTaxKey`): the
 * regime, not the marketplace, decides which tax a sale carries. Each `marketplace|C|r` row becomes `any|C|r`, the
 * fallback every regime uses above 0 % (a 0 % row keeps no meaning without its regime: the set-up proposes the
 * regime's own). Where two marketplaces mapped one (C, r) to different taxes, the row an integrator corrected wins
 * (its key is in the `before` of an audit entry: the set-up never rewrites a key), else the oldest row; what was
 * rewritten and dropped is written to the audit log (actor `migration`), so the choice can be checked and undone.
 */
const REGIMES = `('any', 'domestic', 'foreign_vat', 'oss', 'intra_eu_b2b', 'export', 'sales_tax')`;

export class Migration20261201170100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create temporary table "tax_map_old" on commit drop as
      select e."id", e."table_id", t."backend_id", e."key", e."value", e."updated_at",
             split_part(e."key", '|', 2) as "country", split_part(e."key", '|', 3) as "rate",
             exists (select 1 from "audit_log" a
                      where a."backend_id" = t."backend_id" and a."target" = 'lookup:tax_map' and (a."before" -> e."key") is not null) as "edited"
        from "lookup_entry" e join "lookup_table" t on t."id" = e."table_id"
       where t."name" = 'tax_map' and e."key" ~ '^[^|]+[|][^|]+[|][^|]+$' and split_part(e."key", '|', 1) not in ${REGIMES};`);
    this.addSql(`create temporary table "tax_map_kept" on commit drop as
      select distinct on ("table_id", "country", "rate") "table_id", "backend_id", "country", "rate", "value", "updated_at", "key" as "from_key"
        from "tax_map_old" order by "table_id", "country", "rate", "edited" desc, "id";`);
    // An `any` row someone already wrote stays as it is.
    this.addSql(`insert into "lookup_entry" ("table_id", "key", "value", "updated_at")
      select "table_id", 'any|' || "country" || '|' || "rate", "value", "updated_at" from "tax_map_kept"
      on conflict ("table_id", "key") do nothing;`);
    this.addSql(`insert into "audit_log" ("actor", "action", "backend_id", "target", "before", "after")
      select 'migration', 'mapping.lookup.rekey', o."backend_id", 'lookup:tax_map', jsonb_object_agg(o."key", o."value"),
             (select jsonb_object_agg('any|' || k."country" || '|' || k."rate", k."value" || jsonb_build_object('from', k."from_key"))
                from "tax_map_kept" k where k."table_id" = o."table_id")
        from "tax_map_old" o group by o."table_id", o."backend_id";`);
    this.addSql(`delete from "lookup_entry" where "id" in (select "id" from "tax_map_old");`);
  }

  override async down(): Promise<void> {
    // Back to one row per marketplace of the backend; regime rows other than `any` have no marketplace form.
    this.addSql(`insert into "lookup_entry" ("table_id", "key", "value", "updated_at")
      select e."table_id", m."id" || '|' || split_part(e."key", '|', 2) || '|' || split_part(e."key", '|', 3), e."value", e."updated_at"
        from "lookup_entry" e join "lookup_table" t on t."id" = e."table_id" join "backend" b on b."id" = t."backend_id",
             unnest(b."marketplace_ids") as m("id")
       where t."name" = 'tax_map' and e."key" like 'any|%'
      on conflict ("table_id", "key") do nothing;`);
    this.addSql(`delete from "lookup_entry" e using "lookup_table" t
      where t."id" = e."table_id" and t."name" = 'tax_map' and split_part(e."key", '|', 1) in ${REGIMES};`);
  }
}
