import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createTestDatabase } from './test-database.ts';
import { ormConfig } from './orm-config.ts';

/** Migration20261201150000 on a database populated under the schema before it: sku_map rows become bindings. */
describe('sku_map rows migrate into product bindings', () => {
  let created: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  const up = async (to?: string) => {
    const orm = await MikroORM.init({ ...ormConfig(created.url, 1), ensureDatabase: false });
    try {
      await orm.getMigrator().up(to ? { to } : undefined);
    } finally {
      await orm.close(true);
    }
  };
  beforeAll(async () => {
    created = await createTestDatabase(inject('pgAdminUrl'), 'skumig');
    pool = new pg.Pool({ connectionString: created.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await created.drop();
  });

  it('moves each SKU row to a binding (an existing binding wins), keeps the table listed and the other tables as they were', async () => {
    await up('Migration20261201130100');
    const { rows } = await pool.query<{ id: number }>(
      `insert into backend (name, amazon_region, seller_id, marketplace_ids, erp_url, erp_db)
       values ('b', 'eu', 'A2SELLER', '{A1PA6795UKMFR9}', 'http://127.0.0.1:8069', 'demo') returning id`,
    );
    const b = rows[0]!.id;
    await pool.query(`insert into lookup_table (backend_id, name) values ($1, 'sku_map'), ($1, 'tax_map')`, [b]);
    await pool.query(
      `insert into lookup_entry (table_id, key, value)
       select t.id, e.k, e.v::jsonb from lookup_table t,
         (values ('sku_map', 'MUG', '{"productId": 12}'), ('sku_map', 'MUG-DE', '{"productId": 12}'), ('sku_map', 'CUP', '{"productId": 15}'),
                 ('tax_map', 'A1PA6795UKMFR9|DE|19', '{"taxId": 3, "priceIncluded": true}')) as e(n, k, v)
        where t.backend_id = $1 and t.name = e.n`,
      [b],
    );
    await pool.query(
      `insert into binding (backend_id, kind, amazon_key, erp_model, erp_id)
       values ($1, 'product', 'CUP', 'product.product', 99), ($1, 'product', 'service:shipping', 'product.product', 7), ($1, 'order', 'O-1', 'sale.order', 5)`,
      [b],
    );

    await up();

    const bindings = await pool.query(`select kind, amazon_key as key, erp_model as model, erp_id as id, version, state from binding order by kind, amazon_key`);
    expect(bindings.rows).toEqual([
      { kind: 'order', key: 'O-1', model: 'sale.order', id: 5, version: 1, state: null },
      { kind: 'product', key: 'CUP', model: 'product.product', id: 99, version: 1, state: null },
      { kind: 'product', key: 'MUG', model: 'product.product', id: 12, version: 1, state: null },
      { kind: 'product', key: 'MUG-DE', model: 'product.product', id: 12, version: 1, state: null },
      { kind: 'service_product', key: 'service:shipping', model: 'product.product', id: 7, version: 1, state: null },
    ]);
    const entries = await pool.query(`select t.name, e.key from lookup_table t left join lookup_entry e on e.table_id = t.id order by t.name`);
    expect(entries.rows).toEqual([
      { name: 'sku_map', key: null },
      { name: 'tax_map', key: 'any|DE|19' },
    ]);
  });
});
