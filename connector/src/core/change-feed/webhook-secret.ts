/**
 * The per-backend secret the ERP's webhooks carry in their URL (Odoo signs nothing: the URL is the only
 * credential). Sealed in the secret store; compared in constant time; rotated with an overlap: after a rotation
 * the previous secret is still accepted until `previousUntil`, while the set-up rewrites the ERP's rules.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretStore } from '../secret-store.ts';

interface StoredWebhookSecret {
  current: string;
  previous?: string;
  /** ISO date-time until which `previous` is still accepted. */
  previousUntil?: string;
}

const refOf = (backendId: number) => `backend:${backendId}:erp-webhook`;
const newSecret = () => randomBytes(24).toString('base64url');

/** Equal in constant time (both hashed first, so neither length nor content leaks through timing). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export interface WebhookSecrets {
  /** The backend's current secret, created on first use. */
  current(backendId: number): Promise<string>;
  /** True when `candidate` is the current secret, or the previous one within its grace period. */
  verify(backendId: number, candidate: string, now?: Date): Promise<boolean>;
  /** A new current secret; the old one is accepted for `graceSeconds` more. Returns the new one. */
  rotate(backendId: number, graceSeconds: number, now?: Date): Promise<{ secret: string; previousUntil: string }>;
  /** Forgets the backend's secret (a deleted backend). */
  drop(backendId: number): Promise<void>;
}

/** Runs `fn` alone among every process sharing the database (an advisory lock named `key`). */
export type Exclusive = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The secrets over `store`. Creating and rotating read, then write: `exclusive` makes two processes doing it at
 * once (two workers' first poll) take turns, so neither installs ERP rules with a secret the other then replaces.
 */
export function createWebhookSecrets(store: SecretStore, exclusive: Exclusive = (_key, fn) => fn()): WebhookSecrets {
  const read = (backendId: number) => store.get<StoredWebhookSecret>(refOf(backendId));
  return {
    async current(backendId) {
      const stored = await read(backendId);
      if (stored) return stored.current;
      return exclusive(`${refOf(backendId)}:write`, async () => {
        const again = await read(backendId);
        if (again) return again.current;
        const fresh: StoredWebhookSecret = { current: newSecret() };
        await store.put(refOf(backendId), fresh);
        return fresh.current;
      });
    },
    async verify(backendId, candidate, now = new Date()) {
      const stored = await store.get<StoredWebhookSecret>(refOf(backendId));
      if (!stored) return false;
      const current = sameSecret(candidate, stored.current);
      const previous = stored.previous !== undefined && stored.previousUntil !== undefined && new Date(stored.previousUntil) > now
        ? sameSecret(candidate, stored.previous) : false;
      return current || previous;
    },
    async rotate(backendId, graceSeconds, now = new Date()) {
      return exclusive(`${refOf(backendId)}:write`, async () => {
        const stored = await read(backendId);
        const previousUntil = new Date(now.getTime() + graceSeconds * 1000).toISOString();
        const next: StoredWebhookSecret = { current: newSecret(), ...(stored ? { previous: stored.current, previousUntil } : {}) };
        await store.put(refOf(backendId), next);
        return { secret: next.current, previousUntil };
      });
    },
    async drop(backendId) {
      await store.delete(refOf(backendId));
    },
  };
}
