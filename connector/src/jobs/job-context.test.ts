import { describe, expect, it } from 'vitest';
import { interruptedError } from '../core/abort.ts';
import { currentJobScope } from '../observability/job-scope.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { TaskEnv, TaskLogger } from '../sync/frame/task-env.ts';
import { runJob } from './job-context.ts';

interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}
function logger(lines: Line[], bound: Record<string, unknown> = {}): TaskLogger {
  const at = (level: string) => (msg: string, f?: Record<string, unknown>) => void lines.push({ level, msg, fields: { ...bound, ...f } });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (f) => logger(lines, { ...bound, ...f }) };
}

describe('runJob', () => {
  const lines: Line[] = [];
  const env = { log: logger(lines), metrics: createMetrics({ defaults: false }) } as unknown as TaskEnv;

  it("carries the payload's correlation id into the task's logger and the job scope, or makes one", async () => {
    await runJob(env, 'process:a', 'orders:import', { backendId: 1, correlationId: 'corr-7' }, undefined, async (job) => {
      expect(job).toMatchObject({ correlationId: 'corr-7', owner: 'process:a', lastAttempt: false });
      job.env.log.info('working');
      currentJobScope()?.log.debug('erp call', { call: 'sale.order.create' });
    });
    expect(lines.slice(-2)).toEqual([
      { level: 'info', msg: 'working', fields: { correlationId: 'corr-7', task: 'orders:import' } },
      { level: 'debug', msg: 'erp call', fields: { correlationId: 'corr-7', task: 'orders:import', call: 'sale.order.create' } },
    ]);
    const made = await runJob(env, undefined, 'orders:sweep', { backendId: 1 }, undefined, async (job) => job.correlationId);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a failure is one warning with its code; an interruption only an info line; both are rethrown', async () => {
    lines.length = 0;
    await expect(runJob(env, undefined, 'orders:import', {}, undefined, async () => Promise.reject(Object.assign(new Error('x'), { code: 'E' })))).rejects.toThrow();
    await expect(runJob(env, undefined, 'orders:sweep', {}, undefined, async () => Promise.reject(interruptedError()))).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(lines.map((l) => [l.level, l.msg, l.fields.code])).toEqual([
      ['warn', 'job failed', 'INTERNAL'],
      ['info', 'job interrupted: it is retried later', 'INTERRUPTED'],
    ]);
  });
});
