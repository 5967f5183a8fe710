/**
 * The customer locks of concurrent import jobs, on a virtual clock: a repeat buyer held by another job is waited
 * for (within the ERP-paced patience) instead of deferring its orders to a late job of their own; a waiting job
 * holds no key, so waits neither cycle nor chain; a stopping worker does not wait.
 */
import { describe, expect, it } from 'vitest';
import { customerLockPatienceMs, withCustomerLocks } from './customer-locks.ts';

/** Advisory locks shared by sessions, as PostgreSQL's: a key is held by at most one session. */
function lockTable() {
  const owner = new Map<string, string>();
  const session = (me: string) => ({
    async tryLock(keys: readonly string[]) {
      const obtained: string[] = [];
      const busy: string[] = [];
      for (const k of keys) {
        const o = owner.get(k);
        if (o === undefined || o === me) {
          owner.set(k, me);
          obtained.push(k);
        } else busy.push(k);
      }
      return { obtained, busy };
    },
    async unlock(keys: readonly string[]) {
      for (const k of keys) if (owner.get(k) === me) owner.delete(k);
    },
  });
  return { owner, session };
}

/** A virtual clock: `sleep` moves it, and runs what is due (another job's release) at its instant. */
function virtualTime() {
  let t = 0;
  const due: Array<{ at: number; run: () => Promise<void> }> = [];
  return {
    now: () => t,
    at(at: number, run: () => Promise<void>) {
      due.push({ at, run });
    },
    async sleep(ms: number) {
      t += ms;
      for (const d of due.filter((x) => x.at <= t)) {
        due.splice(due.indexOf(d), 1);
        await d.run();
      }
    },
  };
}

describe('customer locks of concurrent import jobs', () => {
  it('waits for a buyer another job holds while it creates its customers behind the ERP write gate', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    const other = session('job-1');
    await other.tryLock(['partner:1:repeat-buyer']);
    // job 1 creates its customers behind two confirmations of ~6 s: it releases after 9 s, past the old 1.5 s
    time.at(9_000, () => other.unlock(['partner:1:repeat-buyer']));
    const rounds: Array<{ at: number; keys: string[]; owners: Array<string | undefined> }> = [];
    const work = async (keys: string[]) => void rounds.push({ at: time.now(), keys, owners: keys.map((k) => owner.get(k)) });
    const busy = await withCustomerLocks(session('job-2'), ['partner:1:repeat-buyer', 'partner:1:new-buyer'], work, { patienceMs: customerLockPatienceMs(6), now: time.now, sleep: (ms) => time.sleep(ms) });
    expect(busy.size).toBe(0); // nothing deferred to a later job
    // the free buyer at once, the repeat buyer once job 1 gave it back; each held by job 2 during its work only
    expect(rounds.map((r) => [r.keys, r.owners])).toEqual([
      [['partner:1:new-buyer'], ['job-2']],
      [['partner:1:repeat-buyer'], ['job-2']],
    ]);
    expect(rounds[1]!.at).toBeGreaterThanOrEqual(9_000);
    expect(owner.size).toBe(0);
  });

  it('holds no buyer while it waits, so waiting jobs neither wait on each other nor make others wait', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    const a = session('job-a');
    const b = session('job-b');
    await b.tryLock(['partner:1:x']); // job b works on x
    const seen: Array<string | undefined> = [];
    const sleep = async (ms: number) => {
      // job a, waiting for x, sits on nothing: y (which it already resolved) is free for job c at once
      seen.push(owner.get('partner:1:y'));
      if (seen.length === 1) time.at(time.now() + 1_000, () => b.unlock(['partner:1:x']));
      await time.sleep(ms);
    };
    const done: string[] = [];
    const busy = await withCustomerLocks(a, ['partner:1:y', 'partner:1:x'], async (keys) => void done.push(...keys), { patienceMs: 20_000, now: time.now, sleep });
    expect(busy.size).toBe(0);
    expect(done).toEqual(['partner:1:y', 'partner:1:x']);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => o === undefined)).toBe(true);
  });

  it('takes the waited-for buyers in one go once all are free (one more round of ERP calls, not one per buyer)', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    const b = session('job-b');
    const c = session('job-c');
    await b.tryLock(['partner:1:y']);
    await c.tryLock(['partner:1:z']);
    time.at(1_000, () => b.unlock(['partner:1:y']));
    time.at(2_000, () => c.unlock(['partner:1:z']));
    const rounds: Array<{ at: number; keys: string[] }> = [];
    const work = async (keys: string[]) => void rounds.push({ at: time.now(), keys });
    const busy = await withCustomerLocks(session('job-a'), ['partner:1:z', 'partner:1:x', 'partner:1:y'], work, { patienceMs: 18_000, now: time.now, sleep: (ms) => time.sleep(ms) });
    expect(busy.size).toBe(0);
    expect(rounds.map((r) => r.keys)).toEqual([['partner:1:x'], ['partner:1:y', 'partner:1:z']]);
    expect(rounds[1]!.at).toBeGreaterThanOrEqual(2_000);
    expect(owner.size).toBe(0);
  });

  it('at the patience\'s end works on the waited-for buyers that are free and defers the others', async () => {
    const { session } = lockTable();
    const time = virtualTime();
    const b = session('job-b');
    await b.tryLock(['partner:1:y', 'partner:1:z']);
    time.at(1_000, () => b.unlock(['partner:1:y']));
    const rounds: string[][] = [];
    const busy = await withCustomerLocks(session('job-a'), ['partner:1:y', 'partner:1:z'], async (keys) => void rounds.push(keys), { patienceMs: 5_000, now: time.now, sleep: (ms) => time.sleep(ms) });
    expect(rounds).toEqual([['partner:1:y']]);
    expect([...busy]).toEqual(['partner:1:z']);
  });

  it('gives the keys back when the work throws', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    const fails = withCustomerLocks(session('job-1'), ['partner:1:a'], () => Promise.reject(new Error('ERP down')), { patienceMs: 1_500, now: time.now, sleep: (ms) => time.sleep(ms) });
    await expect(fails).rejects.toThrow('ERP down');
    expect(owner.size).toBe(0);
  });

  it('after the patience defers only the busy buyer', async () => {
    const { session } = lockTable();
    const time = virtualTime();
    await session('job-1').tryLock(['partner:1:held']);
    const done: string[] = [];
    const busy = await withCustomerLocks(session('job-2'), ['partner:1:held', 'partner:1:free'], async (keys) => void done.push(...keys), { patienceMs: 1_500, now: time.now, sleep: (ms) => time.sleep(ms) });
    expect([...busy]).toEqual(['partner:1:held']);
    expect(done).toEqual(['partner:1:free']);
    expect(time.now()).toBeGreaterThanOrEqual(1_500);
  });

  it('a stopping worker does not wait out the patience: the busy buyers are deferred at once', async () => {
    const { session } = lockTable();
    await session('job-1').tryLock(['partner:1:held']);
    const stop = new AbortController();
    const started = Date.now();
    const waiting = withCustomerLocks(session('job-2'), ['partner:1:held'], async () => {}, { patienceMs: 60_000, signal: stop.signal });
    setTimeout(() => stop.abort(), 20);
    expect([...(await waiting)]).toEqual(['partner:1:held']);
    expect(Date.now() - started).toBeLessThan(30_000); // far from the 60 s patience (a bound, not a timing claim)
  });

  it('paces its patience on the ERP: three calls of the target, at least 1.5 s', () => {
    expect(customerLockPatienceMs(6)).toBe(18_000);
    expect(customerLockPatienceMs(0.1)).toBe(1_500);
  });
});
