import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createTestDatabase } from './test-database.ts';
import { ormConfig } from './orm-config.ts';

/** Migration20261201170100 on a populated database: tax_map rows keyed by marketplace become `any|C|r` rows. */
describe('tax_map rows are re-keyed from marketplace to VAT regime', () => {
  let created: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  const migrate = async (how: 'up' | 'down', to?: string) => {
    const orm = await MikroORM.init({ ...ormConfig(created.url, 1), ensureDatabase: false });
    try {
      await orm.getMigrator()[how](to ? { to } : undefined);
    } finally {
      await orm.close(true);
    }
  };
  const entries = async (b: number) =>
    (
      await pool.query<{ name: string; key: string; value: unknown }>(
        `select t.name, e.key, e.value from lookup_table t join lookup_entry e on e.table_id = t.id where t.backend_id = $1 order by t.name, e.key`,
        [b],
      )
    ).rows;
  beforeAll(async () => {
    created = await createTestDatabase(inject('pgAdminUrl'), 'taxmig');
    pool = new pg.Pool({ connectionString: created.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await created.drop();
  });

  it('keeps one row per (country, rate): the one an integrator corrected, else the first; audits what it did; leaves other tables alone', async () => {
    await migrate('up', 'Migration20261201160000');
    const backend = async (name: string) =>
      (
        await pool.query<{ id: number }>(
          `insert into backend (name, amazon_region, seller_id, marketplace_ids, erp_url, erp_db)
           values ($1, 'eu', $2, '{A1PA6795UKMFR9,A13V1IB3VIYZZH}', 'http://127.0.0.1:8069', 'demo') returning id`,
          [name, `A2${name.toUpperCase()}`],
        )
      ).rows[0]!.id;
    const [b1, b2] = [await backend('one'), await backend('two')];
    const put = async (b: number, rows: Array<[string, string, unknown]>) => {
      for (const [table, key, value] of rows) {
        await pool.query(`insert into lookup_table (backend_id, name) values ($1, $2) on conflict do nothing`, [b, table]);
        await pool.query(
          `insert into lookup_entry (table_id, key, value) select id, $3, $4::jsonb from lookup_table where backend_id = $1 and name = $2`,
          [b, table, key, JSON.stringify(value)],
        );
      }
    };
    const tax = (taxId: number) => ({ taxId, priceIncluded: true });
    // Backend one: the set-up mapped DE|19 and FR|20 for both marketplaces; the integrator corrected FR|20 of the
    // second one (its audit entry's `before` holds the key), and the 0 % rows disagree with nobody's correction.
    await put(b1, [
      ['tax_map', 'A1PA6795UKMFR9|DE|19', tax(3)],
      ['tax_map', 'A1PA6795UKMFR9|FR|20', tax(8)],
      ['tax_map', 'A1PA6795UKMFR9|DE|0', tax(40)],
      ['tax_map', 'A13V1IB3VIYZZH|DE|19', tax(3)],
      ['tax_map', 'A13V1IB3VIYZZH|FR|20', tax(9)],
      ['tax_map', 'A13V1IB3VIYZZH|DE|0', tax(41)],
      ['tax_map', 'oss|IT|22', tax(50)],
      ['marketplace_map', 'A1PA6795UKMFR9', { teamId: 1, pricelistId: 2, warehouseId: 3, currencyCode: 'EUR' }],
    ]);
    await pool.query(
      `insert into audit_log (actor, action, backend_id, target, before, after)
       values ('admin', 'mapping.lookup.put', $1, 'lookup:tax_map', '{"A13V1IB3VIYZZH|FR|20": {"taxId": 8, "priceIncluded": true}}', '{"A13V1IB3VIYZZH|FR|20": {"taxId": 9, "priceIncluded": true}}')`,
      [b1],
    );
    await put(b2, [['tax_map', 'A1PA6795UKMFR9|PL|23', tax(70)]]);

    await migrate('up');

    expect(await entries(b1)).toEqual([
      { name: 'marketplace_map', key: 'A1PA6795UKMFR9', value: { teamId: 1, pricelistId: 2, warehouseId: 3, currencyCode: 'EUR' } },
      { name: 'tax_map', key: 'any|DE|0', value: tax(40) },
      { name: 'tax_map', key: 'any|DE|19', value: tax(3) },
      { name: 'tax_map', key: 'any|FR|20', value: tax(9) },
      { name: 'tax_map', key: 'oss|IT|22', value: tax(50) },
    ]);
    expect(await entries(b2)).toEqual([{ name: 'tax_map', key: 'any|PL|23', value: tax(70) }]);
    const audit = await pool.query(`select actor, action, before, after from audit_log where backend_id = $1 and action = 'mapping.lookup.rekey'`, [b1]);
    expect(audit.rows).toHaveLength(1);
    expect(Object.keys(audit.rows[0].before).sort()).toEqual([
      'A13V1IB3VIYZZH|DE|0', 'A13V1IB3VIYZZH|DE|19', 'A13V1IB3VIYZZH|FR|20', 'A1PA6795UKMFR9|DE|0', 'A1PA6795UKMFR9|DE|19', 'A1PA6795UKMFR9|FR|20',
    ]);
    expect(audit.rows[0].after['any|FR|20']).toEqual({ ...tax(9), from: 'A13V1IB3VIYZZH|FR|20' });
    expect(audit.rows[0].after['any|DE|0']).toEqual({ ...tax(40), from: 'A1PA6795UKMFR9|DE|0' });

    // Down: one row per marketplace of the backend again (regime rows have no such form).
    await migrate('down', 'Migration20261201160000');
    expect((await entries(b2)).map((e) => e.key)).toEqual(['A13V1IB3VIYZZH|PL|23', 'A1PA6795UKMFR9|PL|23']);
  });
});
