import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/testing.ts';
import { listenForBackendChanges, notifyBackendChanged } from './backend-changes.ts';

const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

describe('backend change notifications', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('changes');
  });
  afterAll(async () => db.drop());

  it('delivers committed changes only, and after a lost connection reconnects and says "anything may have changed"', async () => {
    const heard: Array<number | null | string> = [];
    const errors: string[] = [];
    const listener = await listenForBackendChanges(db.url, (id, scope) => void heard.push(scope === 'mappings' ? `${id}:mappings` : id), { retryMs: 50, onError: (m) => errors.push(m) });
    try {
      await notifyBackendChanged(db.pool, 4);
      const tx = await db.pool.connect();
      await tx.query('begin');
      await notifyBackendChanged(tx, 5);
      await tx.query('rollback');
      tx.release();
      expect(await until(() => heard.length >= 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([4]);
      await notifyBackendChanged(db.pool, 4, 'mappings');
      expect(await until(() => heard.length >= 2)).toBe(true);
      expect(heard).toEqual([4, '4:mappings']);

      // The server drops the listening connection (restart, failover): it comes back and drops every cache.
      await db.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen aec_backend_changed'`);
      expect(await until(() => heard.includes(null))).toBe(true);
      expect(errors.length).toBeGreaterThan(0);
      await notifyBackendChanged(db.pool, 6);
      expect(await until(() => heard.includes(6))).toBe(true);
    } finally {
      await listener.stop();
    }
  });
});
