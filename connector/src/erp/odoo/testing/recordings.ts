/**
 * Test support: the real Odoo 19 requests and answers of `<repo>/../shared/reference/odoo-19-recordings/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Recording {
  transport: 'json2' | 'jsonrpc';
  url: string;
  request: unknown;
  status: number;
  response: unknown;
}

/** The shared reference folder: beside the repository (CI), else the machine's copy. */
export function sharedReferenceDir(): string {
  const repoRoot = join(import.meta.dirname, '..', '..', '..', '..', '..');
  const candidates = [join(repoRoot, '..', 'shared', 'reference'), '/work/shared/reference'];
  const found = candidates.find((dir) => existsSync(join(dir, 'odoo-19-recordings')));
  if (!found) throw new Error(`shared/reference not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Every call of one recordings file, in the order it was made. */
export function loadRecordings(file: string): Recording[] {
  const text = readFileSync(join(sharedReferenceDir(), 'odoo-19-recordings', file), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Recording);
}
