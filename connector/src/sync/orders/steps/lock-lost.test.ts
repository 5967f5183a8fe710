// The irreversible writes (create, confirm) check the job's lock session first: a lost lock connection fails the
// batch retryably (LOCK_BUSY) before any ERP call, so another worker that took the locks cannot be doubled.
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../core/errors.ts';
import type { LockSession } from '../../../core/lock.ts';
import { pipeline } from '../../../core/workflow/typed-step.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { ImportDeps, OrderRecord } from '../import-records.ts';
import type { MappedOrder } from '../mapping/order.mapper.ts';
import { confirmSaleOrdersStep } from './confirm-sale-orders.step.ts';
import { createSaleOrdersStep } from './create-sale-orders.step.ts';

function fakes(alive: boolean) {
  const calls: string[] = [];
  const erp = new Proxy({}, { get: (_t, method) => async () => { calls.push(String(method)); return []; } }) as unknown as ErpPort;
  const locks: LockSession = {
    tryLock: async () => ({ obtained: [], busy: [] }),
    unlock: async () => {},
    held: () => alive,
    ensureHeld: async () => {
      if (!alive) throw new RetryableError('LOCK_BUSY', 'the lock connection was lost', { lost: true });
    },
    close: async () => {},
  };
  const deps = { core: { binder: { bindMany: async () => [] } }, rt: { erp, backend: { id: 1 } }, batchSize: 200, locks } as unknown as ImportDeps;
  return { calls, deps };
}

const record = (key: string) => ({ key, stored: { lastUpdatedAt: 'x', contentHash: 'h' }, order: {} }) as unknown as OrderRecord;
const mapped = { saleOrder: { vals: {} }, lines: [] } as unknown as MappedOrder;

describe('a lost lock before the irreversible writes', () => {
  it('create: every order of the batch is retried, nothing is sent to the ERP', async () => {
    const { calls, deps } = fakes(false);
    const seed = pipeline<OrderRecord>().then<{ mapped: MappedOrder; existing: null; customer: { partnerId: number; deliveryId: null } }>({
      name: 'seed',
      noCompensation: 'test',
      invoke: async (records, ctx) => records.forEach((r) => ctx.done(r, { mapped, existing: null, customer: { partnerId: 7, deliveryId: null } })),
    });
    const result = await seed.then(createSaleOrdersStep(deps)).run([record('A'), record('B')]);
    expect(result.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['retry', 'LOCK_BUSY'], ['retry', 'LOCK_BUSY']]);
    expect(calls).toEqual([]);
  });

  it('confirm: drafts are retried, not confirmed; with the lock alive they are', async () => {
    const seed = (deps: ImportDeps) =>
      pipeline<OrderRecord>()
        .then<{ saleOrder: { id: number; state: string }; mapped: MappedOrder }>({ name: 'seed', noCompensation: 'test', invoke: async (records, ctx) => records.forEach((r, i) => ctx.done(r, { saleOrder: { id: i + 1, state: 'draft' }, mapped })) })
        .then(confirmSaleOrdersStep(deps));
    const lost = fakes(false);
    expect((await seed(lost.deps).run([record('A')])).outcomes[0]).toMatchObject({ status: 'retry', error: { code: 'LOCK_BUSY', details: { lost: true } } });
    expect(lost.calls).toEqual([]);
    const alive = fakes(true);
    await seed(alive.deps).run([record('A')]);
    expect(alive.calls).toEqual(['callMany']);
  });
});
