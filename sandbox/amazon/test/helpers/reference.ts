/** Finds the shared reference folder: `<repo root>/../shared/reference` (CI), else /work/shared/reference. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

/** Absolute path of a file under the reference folder; throws when neither location has it. */
export function referencePath(...parts: string[]): string {
  for (const base of [join(repoRoot, '..', 'shared', 'reference'), '/work/shared/reference']) {
    const p = join(base, ...parts);
    if (existsSync(p)) return p;
  }
  throw new Error(`reference file ${parts.join('/')} not found beside the repository nor in /work/shared`);
}
