/** The connector's database: schema (entities + migrations), opening, and the stores of fetched Amazon data. */
export { openDatabase, migrateUp, type Database, type OpenDatabaseOptions } from './database.ts';
export { runWorkerMigrations } from './worker-migrations.ts';
export { ormConfig, MIGRATIONS_DIR } from './orm-config.ts';
export * from './order-pii.ts';
export * as entities from './entities/index.ts';
