/**
 * Writes a new migration into `migrations/` from the difference between the entities and a database that has
 * every earlier migration applied: `pnpm exec tsx connector/src/db/migration.cli.ts <DATABASE_URL> [--initial]`.
 * Use a scratch database: it is migrated up first.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { MIGRATIONS_DIR, ormConfig } from './orm-config.ts';
import { writeMigrationIndex } from './migration-index.ts';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('usage: migration.cli.ts <DATABASE_URL> [--initial]');
  process.exit(2);
}
const orm = await MikroORM.init(ormConfig(url));
try {
  const migrator = orm.getMigrator();
  await migrator.up();
  const initial = process.argv.includes('--initial');
  const result = await migrator.createMigration(undefined, false, initial);
  console.log(result.fileName ? `wrote migrations/${result.fileName}` : 'no changes: nothing written');
  writeMigrationIndex(MIGRATIONS_DIR);
} finally {
  await orm.close(true);
}
