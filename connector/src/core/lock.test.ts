import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/testing.ts';
import { createLocker, lockIdOf } from './lock.ts';

describe('advisory record locks', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  beforeAll(async () => {
    db = await openTestDatabase('lock');
    // Two "workers", each with its own pool, as two processes would have.
    poolA = new pg.Pool({ connectionString: db.url, max: 2 });
    poolB = new pg.Pool({ connectionString: db.url, max: 2 });
    poolA.on('error', () => {});
  });
  afterAll(async () => {
    await Promise.all([poolA.end(), poolB.end()]);
    await db.drop();
  });

  it('a key held by one worker is busy for the other until released', async () => {
    const a = createLocker(poolA);
    const b = createLocker(poolB);
    const held = await a.tryLockMany(['order:1', 'order:2']);
    expect(held.obtained).toEqual(['order:1', 'order:2']);
    expect(held.held()).toBe(true);

    const partial = await b.tryLockMany(['order:2', 'order:3']);
    expect(partial).toMatchObject({ obtained: ['order:3'], busy: ['order:2'] });
    await expect(b.lockAll(['order:1'])).rejects.toMatchObject({ kind: 'retryable', code: 'LOCK_BUSY', retryAfterMs: 2000 });

    // Held with no transaction open: the holder's connection is plain idle, not "idle in transaction".
    const states = await db.pool.query(
      `select a.state from pg_locks l join pg_stat_activity a using (pid)
        where l.locktype = 'advisory' and l.granted and l.objid = ($1::bigint & x'ffffffff'::bigint)::oid`,
      [lockIdOf('order:1')],
    );
    expect(states.rows.map((r) => r.state)).toEqual(['idle']);

    await held.release();
    await held.release();
    const now = await b.lockAll(['order:1', 'order:2']);
    expect(now.obtained).toEqual(['order:1', 'order:2']);
    await Promise.all([now.release(), partial.release()]);
  });

  it('a session locks in rounds on one connection and gives keys back early', async () => {
    const single = new pg.Pool({ connectionString: db.url, max: 1 }); // one connection is all a session may use
    single.on('error', () => {});
    const a = createLocker(single);
    const b = createLocker(poolB);
    const session = await a.session();
    expect(await session.tryLock(['order:1', 'order:2'])).toEqual({ obtained: ['order:1', 'order:2'], busy: [] });
    const other = await b.tryLockMany(['order:2', 'partner:x']);
    expect(other.busy).toEqual(['order:2']);
    // A second round on the same session needs no second connection, and sees partner:x held elsewhere.
    expect(await session.tryLock(['partner:x', 'partner:y'])).toEqual({ obtained: ['partner:y'], busy: ['partner:x'] });
    await other.release();
    await session.unlock(['partner:y']);
    const probe = await b.tryLockMany(['partner:y', 'order:1']);
    expect(probe.obtained).toEqual(['partner:y']);
    expect(probe.busy).toEqual(['order:1']);
    await probe.release();
    expect(session.held()).toBe(true);
    await session.close();
    expect(session.held()).toBe(false);
    const after = await b.tryLockMany(['order:1', 'order:2']);
    expect(after.obtained).toEqual(['order:1', 'order:2']);
    await after.release();
    await single.end();
  });

  it("a crashed worker's locks go with its connection", async () => {
    const a = createLocker(poolA);
    const held = await a.lockAll(['order:9']);
    expect(held.obtained).toEqual(['order:9']);
    await db.pool.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted
        and objid = ($1::bigint & x'ffffffff'::bigint)::oid`,
      [lockIdOf('order:9')],
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(held.held()).toBe(false);
    const b = createLocker(poolB);
    const after = await b.lockAll(['order:9']);
    expect(after.obtained).toEqual(['order:9']);
    await after.release();
    await held.release(); // the dead connection is discarded, not returned to the pool
  });
});
