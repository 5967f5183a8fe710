/**
 * Set-based writes: one statement for many rows (ids drawn from the table's sequence first, so the order of the
 * new ids is the order of the rows), and batched updates through a JSON record set.
 */
import type { PoolClient } from 'pg';

const MAX_PARAMS = 60_000;

/** Draws `n` ids from the table's id sequence, in order. */
export async function nextIds(tx: PoolClient, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await tx.query<{ id: number }>(
    `SELECT nextval('${table}_id_seq')::int AS id FROM generate_series(1, $1::int)`,
    [n],
  );
  return r.rows.map((x) => x.id);
}

/** Inserts rows (each `[id, ...values]` matching `columns`) in as few statements as the parameter limit allows. */
export async function insertRows(tx: PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const width = columns.length;
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / width));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = part.map((row) => {
      const cells = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${cells.join(',')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

/**
 * Updates many rows with different values in one statement. `types` gives each column's SQL type (the JSON record
 * set needs it); every row carries `id` and the same columns.
 */
export async function updateRows(
  tx: PoolClient, table: string, types: Record<string, string>, rows: Array<Record<string, unknown>>,
  extraSet = '',
): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(types);
  const set = cols.map((c) => `${c} = v.${c}`);
  if (extraSet) set.push(extraSet);
  // every model table has Odoo's write_date, and every write moves it (the connector polls on it)
  if (!extraSet.includes('write_date')) set.push('write_date = sandbox_now()');
  const def = ['id int', ...cols.map((c) => `${c} ${types[c]}`)].join(', ');
  await tx.query(
    `UPDATE ${table} t SET ${set.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS v(${def}) WHERE t.id = v.id`,
    [JSON.stringify(rows)],
  );
}
