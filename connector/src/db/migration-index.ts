/**
 * Keeps `migrations/index.ts` (the list the migrator runs) in step with the migration files. The list is imported
 * statically rather than globbed at run time so that migrations load the same way under tsx, vitest and Node.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rewrites `<dir>/index.ts` from the `Migration*.ts` files found there, oldest first; returns their names. */
export function writeMigrationIndex(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    '// Written by connector/src/db/migration.cli.ts: the migrations the connector applies, oldest first.',
    "import type { MigrationObject } from '../connector/src/db/migration-generator.ts';",
    ...names.map((n) => `import { ${n} } from './${n}.ts';`),
    '',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  writeFileSync(join(dir, 'index.ts'), lines.join('\n'));
  return names;
}
