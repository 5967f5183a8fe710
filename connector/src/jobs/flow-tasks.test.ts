import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { createMetrics } from '../observability/metrics.ts';
import { defineFlow, defineTask, type FlowJob } from '../sync/frame/flow.ts';
import type { TaskEnv, TaskLogger } from '../sync/frame/task-env.ts';
import { crontabOf, flowTaskList } from './flow-tasks.ts';

interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

function logger(lines: Line[]): TaskLogger {
  const at = (level: string) => (msg: string, f?: Record<string, unknown>) => void lines.push({ level, msg, fields: { ...f } });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger(lines) };
}

describe('the task list assembled from flows', () => {
  const ran: Array<{ payload: unknown; goLive: FlowJob['goLive'] }> = [];
  const flow = defineFlow({
    name: 'demo',
    description: 'a test flow',
    goLive: { enabledByDefault: true },
    tasks: [
      defineTask({
        name: 'work',
        payload: Type.Object({ backendId: Type.Integer(), ids: Type.Array(Type.String()) }),
        async run(job, p) {
          ran.push({ payload: p, goLive: job.goLive });
        },
      }),
    ],
    crontab: [{ pattern: '* * * * *', task: 'work', options: '?max=1' }],
  });
  const lines: Line[] = [];
  let settings: Record<string, Record<string, unknown>> = {};
  const env = {
    log: logger(lines),
    metrics: createMetrics({ defaults: false }),
    core: { backends: { state: async () => 'active', get: async () => ({ settings }) } },
  } as unknown as TaskEnv;
  const tasks = flowTaskList(env, [flow]);

  it('registers each task as <flow>:<task> and writes its crontab line', () => {
    expect(Object.keys(tasks)).toEqual(['demo:work']);
    expect(crontabOf([flow])).toBe('* * * * * demo:work ?max=1');
  });

  it('refuses a payload that does not match its schema, once and without a retry (the job ends)', async () => {
    await expect(tasks['demo:work']!({ backendId: 'x' }, undefined as never)).resolves.toBeUndefined();
    expect(ran).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ level: 'error', fields: { task: 'demo:work' } });
  });

  it("runs with the backend's go-live controls; a flow switched off is skipped and said once", async () => {
    await tasks['demo:work']!({ backendId: 1, ids: ['a'] }, undefined as never);
    expect(ran.at(-1)).toEqual({ payload: { backendId: 1, ids: ['a'] }, goLive: { enabled: true, dryRun: false, cutoverAt: null } });
    settings = { goLive: { demo: { enabled: false } } };
    lines.length = 0;
    await tasks['demo:work']!({ backendId: 1, ids: ['b'] }, undefined as never);
    await tasks['demo:work']!({ backendId: 1, ids: ['c'] }, undefined as never);
    expect(ran).toHaveLength(1);
    expect(lines.filter((l) => l.msg.startsWith('jobs skipped: flow switched off'))).toHaveLength(1);
    settings = { goLive: { demo: { dryRun: true, cutoverAt: '2026-01-01T00:00:00Z' } } };
    await tasks['demo:work']!({ backendId: 1, ids: ['d'] }, undefined as never);
    expect(ran.at(-1)!.goLive).toEqual({ enabled: true, dryRun: true, cutoverAt: new Date('2026-01-01T00:00:00Z') });
  });
});
