/**
 * The top-level `migrations/` folder is not a package, so a bare `@mikro-orm/migrations` import cannot resolve
 * from there: generated migrations import the base class through this repository path instead.
 */
import { TSMigrationGenerator } from '@mikro-orm/migrations';

export { Migration } from '@mikro-orm/migrations';
export type { MigrationObject } from '@mikro-orm/core';

/** MikroORM's TypeScript generator with the import rewritten to a path inside the repository. */
export class RepoMigrationGenerator extends TSMigrationGenerator {
  override generateMigrationFile(className: string, diff: { up: string[]; down: string[] }): string {
    return super
      .generateMigrationFile(className, diff)
      .replace(`from '@mikro-orm/migrations';`, `from '../connector/src/db/migration-generator.ts';`);
  }
}
