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

  it('a key held by one worker is busy for the other until released, held with no transaction open', async () => {
    const a = await createLocker(poolA).session();
    const b = await createLocker(poolB).session();
    expect(await a.tryLock(['order:1', 'order:2'])).toEqual({ obtained: ['order:1', 'order:2'], busy: [] });
    expect(a.held()).toBe(true);
    expect(await b.tryLock(['order:2', 'order:3'])).toEqual({ obtained: ['order:3'], busy: ['order:2'] });

    // Held with no transaction open: the holder's connection is plain idle, not "idle in transaction".
    const states = await db.pool.query(
      `select a.state from pg_locks l join pg_stat_activity a using (pid)
        where l.locktype = 'advisory' and l.granted and l.objid = ($1::bigint & x'ffffffff'::bigint)::oid`,
      [lockIdOf('order:1')],
    );
    expect(states.rows.map((r) => r.state)).toEqual(['idle']);

    await a.close();
    await a.close();
    expect(await b.tryLock(['order:1', 'order:2'])).toEqual({ obtained: ['order:1', 'order:2'], busy: [] });
    await b.close();
  });

  it('a session locks in rounds on one connection and gives keys back early', async () => {
    const single = new pg.Pool({ connectionString: db.url, max: 1 }); // one connection is all a session may use
    single.on('error', () => {});
    const a = createLocker(single);
    const b = createLocker(poolB);
    const session = await a.session();
    expect(await session.tryLock(['order:1', 'order:2'])).toEqual({ obtained: ['order:1', 'order:2'], busy: [] });
    const other = await b.session();
    expect((await other.tryLock(['order:2', 'partner:x'])).busy).toEqual(['order:2']);
    // A second round on the same session needs no second connection, and sees partner:x held elsewhere.
    expect(await session.tryLock(['partner:x', 'partner:y'])).toEqual({ obtained: ['partner:y'], busy: ['partner:x'] });
    await other.close();
    await session.unlock(['partner:y']);
    const probe = await b.session();
    expect(await probe.tryLock(['partner:y', 'order:1'])).toEqual({ obtained: ['partner:y'], busy: ['order:1'] });
    await probe.close();
    expect(session.held()).toBe(true);
    await session.ensureHeld();
    await session.close();
    expect(session.held()).toBe(false);
    await expect(session.ensureHeld()).rejects.toMatchObject({ kind: 'retryable', code: 'LOCK_BUSY', details: { lost: true } });
    const after = await b.session();
    expect((await after.tryLock(['order:1', 'order:2'])).obtained).toEqual(['order:1', 'order:2']);
    await after.close();
    await single.end();
  });

  it("a crashed worker's locks go with its connection, and its session knows before it writes", async () => {
    const held = await createLocker(poolA).session();
    expect((await held.tryLock(['order:9'])).obtained).toEqual(['order:9']);
    await db.pool.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted
        and objid = ($1::bigint & x'ffffffff'::bigint)::oid`,
      [lockIdOf('order:9')],
    );
    // Checked right away (no wait for the socket's events): the round trip finds the connection gone.
    await expect(held.ensureHeld()).rejects.toMatchObject({ kind: 'retryable', code: 'LOCK_BUSY', retryAfterMs: 2000 });
    expect(held.held()).toBe(false);
    const b = await createLocker(poolB).session();
    expect((await b.tryLock(['order:9'])).obtained).toEqual(['order:9']);
    await b.close();
    await held.close(); // the dead connection is discarded, not returned to the pool
  });
});
