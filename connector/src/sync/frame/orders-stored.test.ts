import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/sql.ts';
import type { FlowHookEnv } from './flow-conflicts.ts';
import { ordersStoredHook } from './orders-stored.ts';

describe('ordersStoredHook', () => {
  const tx = {} as Queryable;
  /** An env whose backend has `goLive` settings, counting how often they were read. */
  const envWith = (goLive: Record<string, { enabled: boolean }>) => {
    const reads = { n: 0 };
    const env = { core: { backends: { get: async () => (reads.n++, { settings: { goLive } }) } } } as unknown as FlowHookEnv;
    return { env, reads };
  };

  it("calls, in the storing transaction, the hook of each flow switched on for the backend, and no other's", async () => {
    const called: string[] = [];
    const flow = (name: string, enabledByDefault: boolean) => ({
      name,
      goLive: { enabledByDefault },
      onOrdersStored: async (backendId: number, ids: readonly string[], t: Queryable) => {
        expect(t).toBe(tx);
        called.push(`${name}:${backendId}:${ids.join(',')}`);
      },
    });
    const { env } = envWith({ on: { enabled: true }, off: { enabled: false } });
    const hook = ordersStoredHook([flow('on', false), flow('off', true), flow('default-on', true), flow('default-off', false), { name: 'none' }], env);
    await hook(7, ['A-1', 'A-2'], tx);
    expect(called).toEqual(['on:7:A-1,A-2', 'default-on:7:A-1,A-2']);
  });

  it('reads nothing when no order was stored or no flow has the hook', async () => {
    const { env, reads } = envWith({});
    await ordersStoredHook([{ name: 'none' }], env)(7, ['A-1'], tx);
    await ordersStoredHook([{ name: 'x', onOrdersStored: async () => { throw new Error('not called'); } }], env)(7, [], tx);
    expect(reads.n).toBe(0);
  });
});
