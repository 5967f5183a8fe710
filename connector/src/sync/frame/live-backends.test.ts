import { describe, expect, it } from 'vitest';
import type { BackendRecord } from '../../core/backend/backend-record.ts';
import type { TaskEnv } from './task-env.ts';
import { fanOutTask, liveBackends } from './live-backends.ts';

const backend = (id: number, enabled: boolean, goLive: Record<string, { enabled: boolean }>) =>
  ({ id, enabled, settings: { goLive } }) as unknown as BackendRecord;
const BACKENDS = [backend(1, true, { demo: { enabled: true } }), backend(2, false, { demo: { enabled: true } }), backend(3, true, {}), backend(4, true, { demo: { enabled: false } })];

function envWith(queries: unknown[][]): TaskEnv {
  return {
    core: { backends: { list: async () => BACKENDS } },
    db: { pool: { query: async (_sql: string, params: unknown[]) => { queries.push(params); return { rows: [] }; } } },
  } as unknown as TaskEnv;
}

describe('live backends of a flow', () => {
  it('only enabled backends with the flow switched on (its default when never set)', async () => {
    const env = envWith([]);
    expect((await liveBackends(env, { name: 'demo', goLive: { enabledByDefault: false } })).map((b) => b.id)).toEqual([1]);
    expect((await liveBackends(env, { name: 'demo', goLive: { enabledByDefault: true } })).map((b) => b.id)).toEqual([1, 3]);
  });
  it('the fan-out task queues the task once per live backend, job key per backend, skipping those not due', async () => {
    const queries: unknown[][] = [];
    const task = fanOutTask('sweep-all', { name: 'demo', goLive: { enabledByDefault: true } }, 'demo:sweep', async (_env, b) => b.id !== 3);
    expect(task.perBackend).toBe(false);
    await task.run({ env: envWith(queries) } as never, {});
    expect(queries.map((q) => [q[0], JSON.parse(q[1] as string), q[5]])).toEqual([['demo:sweep', { backendId: 1 }, 'demo:sweep:1']]);
  });
});
