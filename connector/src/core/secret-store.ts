/**
 * Encrypted secrets by reference: rows of `secret` hold only AES-256-GCM blobs with their key id, and the ref is
 * authenticated with the blob so one row's secret cannot be swapped into another. Values are JSON.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Secret } from './secret.entity.ts';
import type { Keyring } from './crypto.ts';

export interface SecretStore {
  /** Seals `value` under `ref` (insert or replace); pass `em` to join the caller's transaction. */
  put(ref: string, value: unknown, em?: EntityManager): Promise<void>;
  /** Opens the value under `ref`, or null when there is none. */
  get<T = unknown>(ref: string, em?: EntityManager): Promise<T | null>;
  delete(ref: string, em?: EntityManager): Promise<void>;
  /** Re-seals every secret not sealed by the current key (after a key rotation); returns how many. */
  resealAll(): Promise<number>;
}

/** A SecretStore over the `secret` table. `em()` gives a fresh EntityManager (Database.em). */
export function createSecretStore(em: () => EntityManager, keyring: Keyring): SecretStore {
  return {
    async put(ref, value, tx) {
      const { keyId, sealed } = keyring.sealJson(value, ref);
      await (tx ?? em()).upsert(Secret, { ref, keyId, sealed, updatedAt: new Date() });
    },
    async get<T>(ref: string, tx?: EntityManager) {
      const row = await (tx ?? em()).findOne(Secret, { ref }, { disableIdentityMap: true });
      return row ? keyring.openJson<T>({ keyId: row.keyId, sealed: Buffer.from(row.sealed) }, ref) : null;
    },
    async delete(ref, tx) {
      await (tx ?? em()).nativeDelete(Secret, { ref });
    },
    async resealAll() {
      const fork = em();
      const stale = await fork.find(Secret, { keyId: { $ne: keyring.keyId } });
      for (const row of stale) {
        const value = keyring.open({ keyId: row.keyId, sealed: Buffer.from(row.sealed) }, row.ref);
        const fresh = keyring.seal(value, row.ref);
        row.keyId = fresh.keyId;
        row.sealed = fresh.sealed;
        row.updatedAt = new Date();
      }
      await fork.flush();
      return stale.length;
    },
  };
}
