/**
 * Where `shared/` (the read-only references) is: beside the repository (CI, the main work tree), or beside its
 * parent folder (a git worktree nested one level deeper). AEC_SHARED_DIR overrides both.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export function sharedDir(): string {
  const candidates = [process.env.AEC_SHARED_DIR, join(root, '..', 'shared'), join(root, '..', '..', 'shared')];
  for (const c of candidates) if (c && existsSync(join(c, 'reference'))) return resolve(c);
  throw new Error(`shared/ not found beside ${root} (set AEC_SHARED_DIR)`);
}
