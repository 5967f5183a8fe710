import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createFlowHealthStore, stallAfterSeconds } from './flow-health.ts';

describe('flow health', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('flowhealth');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('reports a failure once per change, clears it on progress, and keeps when it began', async () => {
    const health = createFlowHealthStore(db.pool);
    expect(await health.failed(backendId, 'orders.sweep', 60, 'ERP_AUTH_FAILED', 'ERP_AUTH_FAILED (AccessDenied)')).toBe(true);
    const [first] = await health.list([backendId]);
    expect(first).toMatchObject({ backendId, flow: 'orders.sweep', state: 'failing', stalled: false, code: 'ERP_AUTH_FAILED', message: 'ERP_AUTH_FAILED (AccessDenied)' });
    // The same failure again (the next minute's sweep): not a change, and the start is kept.
    expect(await health.failed(backendId, 'orders.sweep', 60, 'ERP_AUTH_FAILED', 'ERP_AUTH_FAILED (AccessDenied)')).toBe(false);
    expect(await health.failed(backendId, 'orders.sweep', 60, 'ERP_UNAVAILABLE', 'ERP_UNAVAILABLE: down')).toBe(true);
    const [second] = await health.list([backendId]);
    expect(second!.since).toEqual(first!.since);
    expect(await health.progressed(backendId, 'orders.sweep', 60)).toBe(true);
    expect(await health.progressed(backendId, 'orders.sweep', 60)).toBe(false);
    expect(await health.list([backendId])).toEqual([
      expect.objectContaining({ state: 'ok', stalled: false, code: null, message: null, expectedIntervalSeconds: 60 }),
    ]);
  });

  it('judges a stall when read: no progress for three intervals, never under five minutes', async () => {
    expect(stallAfterSeconds(10)).toBe(300);
    expect(stallAfterSeconds(600)).toBe(1800);
    const health = createFlowHealthStore(db.pool);
    await health.progressed(backendId, 'stock.poll', 600);
    // The last progress 20 minutes ago: within 3 x 600 s, still ok; 40 minutes ago: stalled.
    await db.pool.query(`update flow_health set last_progress_at = now() - interval '20 minutes' where flow = 'stock.poll'`);
    expect((await health.list([backendId])).find((r) => r.flow === 'stock.poll')).toMatchObject({ state: 'ok', stalled: false });
    await db.pool.query(`update flow_health set last_progress_at = now() - interval '40 minutes' where flow = 'stock.poll'`);
    const stalled = (await health.list([backendId])).find((r) => r.flow === 'stock.poll');
    expect(stalled).toMatchObject({ state: 'stalled', stalled: true, code: 'FLOW_STALLED', message: 'no progress for over 1800 s (expected every 600 s)' });
    // A failing flow stays "failing" (it has the better reason) and is flagged stalled as well.
    await health.failed(backendId, 'stock.poll', 600, 'ERP_TIMEOUT', 'ERP_TIMEOUT: slow');
    expect((await health.list([backendId])).find((r) => r.flow === 'stock.poll')).toMatchObject({ state: 'failing', stalled: true, code: 'ERP_TIMEOUT' });
  });

  it('a flow that was scheduled but never reported stalls from the moment it was expected', async () => {
    const health = createFlowHealthStore(db.pool);
    await health.expect(backendId, 'orders.first', 60);
    expect((await health.list([backendId])).find((r) => r.flow === 'orders.first')).toMatchObject({ state: 'ok', lastProgressAt: null });
    await db.pool.query(`update flow_health set created_at = now() - interval '10 minutes' where flow = 'orders.first'`);
    expect((await health.list([backendId])).find((r) => r.flow === 'orders.first')).toMatchObject({ state: 'stalled', code: 'FLOW_STALLED' });
    // Expecting it again (the next minute's scheduling) changes nothing; progress ends the stall.
    await health.expect(backendId, 'orders.first', 60);
    expect((await health.list([backendId])).find((r) => r.flow === 'orders.first')).toMatchObject({ state: 'stalled' });
    await health.progressed(backendId, 'orders.first', 60);
    expect((await health.list([backendId])).find((r) => r.flow === 'orders.first')).toMatchObject({ state: 'ok' });
  });
});
