/**
 * The cross-process layer of the write gate: `limit` slots per ERP endpoint, each a PostgreSQL session advisory
 * lock on (hash of the endpoint, slot number), held on its own connection for the length of one ERP write.
 *
 * Why session locks on a held connection (as core/lock.ts does): an xact lock would keep a transaction open across
 * the ERP call, and a lock on a connection cannot leak: a dead worker's connection closes and PostgreSQL frees its
 * slots. Why the two-int key form: it is a key space of its own, apart from core's 64-bit record locks.
 * A free slot is tried first on every slot (one round trip each, no wait); when all are taken, the writer waits in
 * PostgreSQL on one slot (no polling), picked at random so waiters spread over the slots.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { SharedSlots } from './write-gate.ts';

/** The 32-bit key of an endpoint's write slots ("url|database", as the pacing keys it). */
export function slotKeyOf(endpoint: string): number {
  return createHash('sha256').update('aec:erp-write:').update(endpoint).digest().readInt32BE(0);
}

/** Advisory-lock slots for `endpoint` on connections of `pool` (each in-flight write holds one connection). */
export function pgWriteSlots(pool: pg.Pool, endpoint: string): SharedSlots {
  const key = slotKeyOf(endpoint);
  return {
    async acquire(limit) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (e: Error): void => {
        broken = e;
      };
      client.on('error', onError);
      try {
        const slot = await takeSlot(client, key, limit);
        return async () => {
          client.off('error', onError);
          try {
            if (broken) throw broken;
            await client.query('select pg_advisory_unlock($1::int, $2::int)', [key, slot]);
            client.release();
          } catch (e) {
            // Destroying the connection frees the slot too.
            client.release(e as Error);
          }
        };
      } catch (e) {
        client.off('error', onError);
        client.release(e as Error);
        throw e;
      }
    },
  };
}

async function takeSlot(client: pg.PoolClient, key: number, limit: number): Promise<number> {
  for (let slot = 0; slot < limit; slot++) {
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as ok', [key, slot]);
    if (rows[0]?.ok) return slot;
  }
  const slot = Math.floor(Math.random() * limit);
  await client.query('select pg_advisory_lock($1::int, $2::int)', [key, slot]);
  return slot;
}
