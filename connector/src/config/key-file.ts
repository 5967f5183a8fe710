/** The demo's secret key: generated once into its data folder, readable only by its owner, reused afterwards. */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeKey } from '../core/crypto.ts';

/** Returns the base64 key stored at `path`, creating a fresh 32-byte key there (mode 0600) if there is none. */
export function loadOrCreateKeyFile(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  // Written whole to a temporary name, then hard-linked into place: link() fails if the key already exists, so
  // two processes starting together never overwrite each other's key nor read a half-written one.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  const key = readFileSync(path, 'utf8').trim();
  decodeKey(key, `the key file ${path}`);
  return key;
}
