import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { ConflictError } from '../errors.ts';
import { createRunLog, runStatusOf, runWorkflow, type Step } from './index.ts';

describe('run log', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('runlog');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('records two batches of one run: steps in one insert each, counts summed, status from the counts', async () => {
    const log = createRunLog(db.pool);
    const runId = await log.start({ backendId, flow: 'order', trigger: 'sweep' });
    const steps: Step<{ key: string }>[] = [
      {
        name: 'map-skus',
        noCompensation: 'reads only',
        async invoke(records, ctx) {
          for (const r of records) if (r.key.endsWith('9')) ctx.fail(r, new ConflictError('SKU_UNMAPPED', 'no product'));
        },
      },
    ];
    for (const batch of [['o1', 'o2'], ['o3', 'o9']]) {
      const result = await runWorkflow(steps, batch.map((key) => ({ key })));
      await log.record(runId, result);
    }
    const run = await log.finish(runId);
    expect(run).toMatchObject({ id: runId, backendId, flow: 'order', trigger: 'sweep', status: 'partial', errorCode: null });
    expect(run.counts).toEqual({ ok: 3, skipped: 0, retry: 0, failed: 0, conflict: 1 });
    expect(run.finishedAt).toBeInstanceOf(Date);
    const stepRows = await log.steps(runId);
    expect(stepRows.map((s) => [s.recordKey, s.step, s.status, s.errorCode])).toEqual([
      ['o1', 'map-skus', 'ok', null],
      ['o2', 'map-skus', 'ok', null],
      ['o3', 'map-skus', 'ok', null],
      ['o9', 'map-skus', 'conflict', 'SKU_UNMAPPED'],
    ]);
    expect((await log.list({ backendId, flow: 'order' })).map((r) => r.id)).toEqual([runId]);
  });

  it('a run that failed as a whole keeps its error code', async () => {
    const log = createRunLog(db.pool);
    const runId = await log.start({ backendId, flow: 'order', trigger: 'cli' });
    expect(await log.finish(runId, { status: 'failed', errorCode: 'ERP_UNAVAILABLE' })).toMatchObject({
      status: 'failed',
      errorCode: 'ERP_UNAVAILABLE',
    });
    expect(runStatusOf({ ok: 0, failed: 2 })).toBe('failed');
    expect(runStatusOf({ ok: 5, skipped: 1 })).toBe('succeeded');
  });

  it('a requested run is queued, taken by a worker, and closed as interrupted when its owner stops or dies', async () => {
    const log = createRunLog(db.pool);
    const runId = await log.start({ backendId, flow: 'orders.resync', trigger: 'api', status: 'queued', correlationId: 'corr-1', subject: '111-1' });
    expect(await log.get(runId)).toMatchObject({ status: 'queued', correlationId: 'corr-1', subject: '111-1', outcome: null, finishedAt: null });
    expect(await log.begin(runId, 'process:a')).toBe(true);
    const other = await log.start({ backendId, flow: 'orders.sweep', trigger: 'sweep', owner: 'process:b' });
    expect(await log.interruptOwned(['process:a'])).toBe(1);
    expect(await log.get(runId)).toMatchObject({ status: 'interrupted', errorCode: 'INTERRUPTED', finishedAt: expect.any(Date) });
    expect(await log.get(other)).toMatchObject({ status: 'running' });
    // Its job is retried by another worker: the same run goes on, then closes with its outcome.
    expect(await log.begin(runId, 'process:b')).toBe(true);
    const done = await log.finish(runId, { status: 'succeeded', outcome: { state: 'imported' } });
    expect(done).toMatchObject({ status: 'succeeded', outcome: { state: 'imported' } });
    expect(await log.begin(runId, 'process:c')).toBe(false);
    expect((await log.list({ correlationId: 'corr-1' })).map((r) => r.id)).toEqual([runId]);
  });

  it('opens many runs in one statement, their ids in the order asked', async () => {
    const log = createRunLog(db.pool);
    const subjects = Array.from({ length: 40 }, (_, i) => `305-${String(i).padStart(7, '0')}-0000000`).reverse();
    const ids = await log.startMany(subjects.map((subject) => ({ backendId, flow: 'orders.resync', trigger: 'conflict-resolved', subject, correlationId: `c-${subject}`, status: 'queued' })));
    expect(ids).toHaveLength(40);
    for (const [i, id] of ids.entries()) {
      expect(await log.get(id)).toMatchObject({ subject: subjects[i], correlationId: `c-${subjects[i]}`, status: 'queued', trigger: 'conflict-resolved' });
    }
    expect(await log.startMany([])).toEqual([]);
  });
});
