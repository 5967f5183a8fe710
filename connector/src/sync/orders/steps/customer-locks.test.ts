/**
 * The customer locks of concurrent import jobs, on a virtual clock: a repeat buyer held by another job is waited
 * for (within the ERP-paced patience) instead of deferring its orders to a late job of their own, and two jobs that
 * each want the other's buyer do not wait on each other (one global order of the keys).
 */
import { describe, expect, it } from 'vitest';
import { customerLockPatienceMs, lockCustomers } from './customer-locks.ts';

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
    const busy = await lockCustomers(session('job-2'), ['partner:1:repeat-buyer', 'partner:1:new-buyer'], { patienceMs: customerLockPatienceMs(6), now: time.now, sleep: (ms) => time.sleep(ms) });
    expect(busy.size).toBe(0); // nothing deferred to a later job
    expect(owner.get('partner:1:repeat-buyer')).toBe('job-2');
    expect(owner.get('partner:1:new-buyer')).toBe('job-2');
    expect(time.now()).toBeGreaterThanOrEqual(9_000);
  });

  it('takes buyers in one order and holds none after the one it waits for, so two jobs cannot wait on each other', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    const a = session('job-a');
    const b = session('job-b');
    await b.tryLock(['partner:1:x']); // job b took x and is about to take y
    let sawYFree = false;
    const sleep = async (ms: number) => {
      if (!sawYFree) {
        // job a, waiting for x, must not sit on y (job b would wait for it while a waits for b's x)
        sawYFree = owner.get('partner:1:y') === undefined;
        expect(sawYFree).toBe(true);
        expect((await b.tryLock(['partner:1:y'])).busy).toEqual([]);
        time.at(time.now() + 1_000, () => b.unlock(['partner:1:x', 'partner:1:y'])); // b done with its customers
      }
      await time.sleep(ms);
    };
    const busy = await lockCustomers(a, ['partner:1:y', 'partner:1:x'], { patienceMs: 20_000, now: time.now, sleep });
    expect(busy.size).toBe(0);
    expect([owner.get('partner:1:x'), owner.get('partner:1:y')]).toEqual(['job-a', 'job-a']);
  });

  it('after the patience keeps the free buyers and defers only the busy one', async () => {
    const { owner, session } = lockTable();
    const time = virtualTime();
    await session('job-1').tryLock(['partner:1:held']);
    const busy = await lockCustomers(session('job-2'), ['partner:1:held', 'partner:1:free'], { patienceMs: 1_500, now: time.now, sleep: (ms) => time.sleep(ms) });
    expect([...busy]).toEqual(['partner:1:held']);
    expect(owner.get('partner:1:free')).toBe('job-2');
    expect(time.now()).toBeGreaterThanOrEqual(1_500);
  });

  it('paces its patience on the ERP: three calls of the target, at least 1.5 s', () => {
    expect(customerLockPatienceMs(6)).toBe(18_000);
    expect(customerLockPatienceMs(0.1)).toBe(1_500);
  });
});
