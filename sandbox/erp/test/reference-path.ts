/** Finds the shared reference folder: `<repo root>/../shared/reference` (as in CI), else /work/shared/reference. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute path of a file under the shared reference folder. */
export function referencePath(...parts: string[]): string {
  for (const base of [join(repoRoot, '..', 'shared', 'reference'), '/work/shared/reference']) {
    if (existsSync(base)) return join(base, ...parts);
  }
  throw new Error('shared/reference not found beside the repository');
}
