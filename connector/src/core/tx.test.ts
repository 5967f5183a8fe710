import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/testing.ts';
import { withTransaction } from './tx.ts';

describe('withTransaction', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const count = async () => (await db.pool.query<{ n: number }>('select count(*)::int as n from tx_probe')).rows[0]!.n;
  beforeAll(async () => {
    db = await openTestDatabase('tx');
    await db.pool.query('create table tx_probe (v int)');
  });
  afterAll(async () => db.drop());

  it('commits the work, returns its result, gives the connection back and then runs onCommit', async () => {
    const seen: number[] = [];
    const r = await withTransaction(
      db.pool,
      async (tx) => {
        await tx.query('insert into tx_probe values (1)');
        return 'done';
      },
      { onCommit: async () => void seen.push(await count()) },
    );
    expect(r).toBe('done');
    expect(seen).toEqual([1]);
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
  });

  it('rolls back when the work throws, rethrows the error and never runs onCommit', async () => {
    let committed = false;
    const boom = new Error('boom');
    await expect(
      withTransaction(
        db.pool,
        async (tx) => {
          await tx.query('insert into tx_probe values (2)');
          throw boom;
        },
        { onCommit: () => void (committed = true) },
      ),
    ).rejects.toBe(boom);
    expect(committed).toBe(false);
    expect(await count()).toBe(1);
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
  });

  it('a failed statement rolls back the whole transaction', async () => {
    await expect(
      withTransaction(db.pool, async (tx) => {
        await tx.query('insert into tx_probe values (3)');
        await tx.query('select * from no_such_table');
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    expect(await count()).toBe(1);
  });

  it('takes an isolation level', async () => {
    const level = await withTransaction(db.pool, async (tx) => (await tx.query<{ l: string }>("select current_setting('transaction_isolation') as l")).rows[0]!.l, {
      isolation: 'serializable',
    });
    expect(level).toBe('serializable');
    const plain = await withTransaction(db.pool, async (tx) => (await tx.query<{ l: string }>("select current_setting('transaction_isolation') as l")).rows[0]!.l);
    expect(plain).toBe('read committed');
  });

  it('destroys a connection whose rollback failed instead of lending it again', async () => {
    const before = db.pool.totalCount;
    await expect(
      withTransaction(db.pool, async (tx) => {
        // The server ends this connection: the rollback cannot be sent.
        await db.pool.query('select pg_terminate_backend($1)', [(tx as unknown as { processID: number }).processID]);
        await tx.query('select 1').catch(() => {});
        throw new Error('lost');
      }),
    ).rejects.toThrow('lost');
    expect(db.pool.totalCount).toBeLessThanOrEqual(before);
    expect(await withTransaction(db.pool, async (tx) => (await tx.query<{ one: number }>('select 1 as one')).rows[0]!.one)).toBe(1);
  });
});
