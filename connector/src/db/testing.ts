/** For tests only: a fresh, migrated connector database on the run's PostgreSQL, dropped afterwards. */
import { inject } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { openDatabase, type Database } from './database.ts';

/** Creates, migrates and opens a database named after `label`; `drop()` closes and removes it. */
export async function openTestDatabase(label: string): Promise<Database & { url: string; drop(): Promise<void> }> {
  const created = await createTestDatabase(inject('pgAdminUrl'), label);
  const db = await openDatabase(created.url, { poolMax: 6, ormPoolMax: 2 });
  return {
    ...db,
    url: created.url,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}
