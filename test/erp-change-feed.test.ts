/**
 * The ERP change feed end to end (real PostgreSQL, the ERP sandbox and the connector's API over HTTP), with a test
 * subscriber (support/change-feed.ts): polling alone finds changes, also two in the same second, and its cursor
 * survives a restart; the connector's own writes are not handed back; a webhook with the right secret queues the
 * subscriber's task, a wrong one is refused with nothing queued, the secret never reaches the log, and a rotation
 * keeps the old secret working for its grace period only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { boot } from '../connector/src/app/boot.ts';
import { changeFeedFlow, noteOwnWrites } from '../connector/src/sync/frame/change-feed/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { PARTNER_TASK, PICKING_TASK, apiFlowsWith, pollOnce, takeQueued, testSubscriber } from './support/change-feed.ts';

const subscriber = testSubscriber();

describe('ERP change feed', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'changefeed', settings: { sweepIntervalSeconds: 600 } });
    api = await startApi(stack, { flows: apiFlowsWith(stack.env, subscriber) });
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const partner = async (name: string) => (await stack.erpClient.create('res.partner', [{ name }]))[0]!;
  const writeDateOf = async (id: number) => String((await stack.erpClient.read('res.partner', [id], ['write_date']))[0]!.write_date);
  const poll = () => pollOnce(stack.env, subscriber, stack.backendId);
  const queued = () => takeQueued(stack.env, PARTNER_TASK, stack.backendId);

  it('polling alone: the first poll starts from now; later changes are handed over once, by id', async () => {
    const before = await partner('CF before the first poll');
    // The first poll starts at its own second, after this one (the sandbox rounds write_date to the second: +0.5 s).
    await new Promise((r) => setTimeout(r, 1600));
    await poll();
    expect(await queued()).not.toContain(before);
    const a = await partner('CF a');
    const b = await partner('CF b');
    await poll();
    expect(await queued()).toEqual([a, b].sort((x, y) => x - y));
    await poll();
    expect(await queued()).toEqual([]);
    await stack.erpClient.write('res.partner', [a], { name: 'CF a, renamed' });
    await new Promise((r) => setTimeout(r, 1100)); // a later second than its creation
    await stack.erpClient.write('res.partner', [a], { name: 'CF a, renamed again' });
    await poll();
    expect(await queued()).toEqual([a]);
  });

  it('two changes in the same second, a poll between them: both handed over (>= and what was seen dropped)', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      // Early in a second, so both writes and the poll between them fall within it.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
      const first = await partner(`CF same second 1.${attempt}`);
      await poll();
      const second = await partner(`CF same second 2.${attempt}`);
      const sameSecond = (await writeDateOf(first)) === (await writeDateOf(second));
      const firstRound = await queued();
      await poll();
      const secondRound = await queued();
      expect([...firstRound, ...secondRound]).toContain(first);
      expect(secondRound).toContain(second);
      expect(secondRound).not.toContain(first);
      if (sameSecond) return;
    }
    throw new Error('no two writes fell in the same second in 5 attempts');
  });

  it('the cursor survives a restart: a new process hands over only what changed since', async () => {
    await poll();
    await queued();
    const other = await boot(stack.env.config);
    try {
      const c = await partner('CF while restarting');
      await pollOnce(other, subscriber, stack.backendId);
      expect(await queued()).toEqual([c]);
      const { rows } = await other.db.pool.query<{ cursor: string }>(`select to_char(cursor, 'YYYY-MM-DD HH24:MI:SS') as cursor from erp_change_cursor where backend_id = $1 and model = 'res.partner'`, [stack.backendId]);
      expect(rows[0]!.cursor).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      const state = await api.get<{ webhooks: boolean; models: Array<{ model: string; cursor: string; subscribers: string[] }> }>(`/api/backends/${stack.backendId}/erp-changes`);
      expect(state.status).toBe(200);
      expect(state.body.webhooks).toBe(false);
      expect(state.body.models.find((m) => m.model === 'res.partner')).toMatchObject({ cursor: rows[0]!.cursor, subscribers: [PARTNER_TASK] });
    } finally {
      await other.close();
    }
  });

  it("echoes: the connector's own write (noted with its write_date) is not handed over; a later edit is", async () => {
    const p = await partner('CF echo');
    await poll();
    await queued();
    await new Promise((r) => setTimeout(r, 1100));
    await stack.erpClient.write('res.partner', [p], { name: 'CF echo, written by the connector' });
    await noteOwnWrites(stack.env.db.pool, stack.backendId, 'res.partner', [{ id: p, writeDate: await writeDateOf(p) }]);
    await poll();
    expect(await queued()).toEqual([]);
    await new Promise((r) => setTimeout(r, 1100));
    await stack.erpClient.write('res.partner', [p], { name: 'CF echo, edited by a person' });
    await poll();
    expect(await queued()).toEqual([p]);
  });

  it('a switched-off subscriber is handed nothing; switched on again it starts from then', async () => {
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { orders: { enabled: false } } } });
    const missed = await partner('CF while off');
    await poll();
    expect(await queued()).toEqual([]);
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { orders: { enabled: true } } } });
    await new Promise((r) => setTimeout(r, 1100));
    await poll();
    const later = await partner('CF after switching on');
    await poll();
    const got = await queued();
    expect(got).toContain(later);
    expect(got).not.toContain(missed);
  });

  it("each poll queues the backend's next one; a lost poll job is queued again by the crontab's ensure task", async () => {
    const pollJobs = async () => (await stack.env.db.pool.query(`select run_at from graphile_worker._private_jobs where key = $1`, [`changefeed:poll:${stack.backendId}`])).rows;
    await poll();
    expect(await pollJobs()).toHaveLength(1);
    await stack.env.db.pool.query(`delete from graphile_worker._private_jobs where key = $1`, [`changefeed:poll:${stack.backendId}`]);
    const ensure = changeFeedFlow(() => [subscriber]).tasks.find((t) => t.name === 'ensure')!;
    await ensure.run({ env: stack.env } as never, {});
    expect(await pollJobs()).toHaveLength(1);
  });

  describe('webhook route', () => {
    const hook = (secret: string, body: unknown) => api.send('POST', `/inbound/erp/${stack.backendId}/${secret}`, body, { token: null });
    const captured = (id: number) => ({
      _action: 'POST delivery to connector(#461)', _id: id, _model: 'stock.picking', carrier_id: 2, carrier_tracking_ref: false,
      date_done: false, id, name: 'WH/OUT/00002', origin: 'S00002', partner_id: 6, sale_id: 2, state: 'done', write_date: '2026-12-01 10:53:13.412978',
    });

    it('the right secret queues the subscriber with the record id (204); a wrong one is refused, nothing queued', async () => {
      const secret = await stack.env.core.changeFeed.secrets.current(stack.backendId);
      const ok = await hook(secret, captured(41));
      expect(ok.status).toBe(204);
      expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([41]);
      const wrong = await hook(`${secret.slice(0, -2)}xx`, captured(42));
      expect(wrong.status).toBe(404);
      expect((wrong.body as { code: string }).code).toBe('WEBHOOK_REFUSED');
      const otherBackend = await api.send('POST', `/inbound/erp/999999/${secret}`, captured(43), { token: null });
      expect(otherBackend.status).toBe(404);
      expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([]);
      // A model nobody subscribes to: accepted (Odoo would only log a refusal), nothing queued.
      expect((await hook(secret, { ...captured(44), _model: 'sale.order' })).status).toBe(204);
      expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([]);
      expect(await takeQueued(stack.env, PARTNER_TASK, stack.backendId)).toEqual([]);
      // The secret in the path never reaches the log, nor the refused one.
      expect(api.log()).toContain('/inbound/erp/');
      expect(api.log()).not.toContain(secret);
      expect(api.log()).not.toContain(secret.slice(0, -2));
    });

    it('rotation: the new secret works at once, the old one for the grace period only', async () => {
      const old = await stack.env.core.changeFeed.secrets.current(stack.backendId);
      const rotated = await api.post<{ previousAcceptedUntil: string; rulesUpdate: string }>(`/api/backends/${stack.backendId}/erp-webhook/rotate`, {});
      expect(rotated.status).toBe(200);
      expect(new Date(rotated.body.previousAcceptedUntil).getTime()).toBeGreaterThan(Date.now());
      const fresh = await stack.env.core.changeFeed.secrets.current(stack.backendId);
      expect(fresh).not.toBe(old);
      expect((await hook(fresh, captured(51))).status).toBe(204);
      expect((await hook(old, captured(52))).status).toBe(204);
      expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([51, 52]);
      // Past the grace period (a rotation with none), the previous secret is refused.
      await stack.env.core.changeFeed.secrets.rotate(stack.backendId, 0);
      const newest = await stack.env.core.changeFeed.secrets.current(stack.backendId);
      expect((await hook(fresh, captured(53))).status).toBe(404);
      expect((await hook(newest, captured(54))).status).toBe(204);
      expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([54]);
      for (const s of [old, fresh, newest]) expect(api.log()).not.toContain(s);
      // At rest the secrets are sealed: no clear text in the secret table.
      const { rows } = await stack.env.db.pool.query<{ sealed: Buffer }>(`select sealed from secret where ref = $1`, [`backend:${stack.backendId}:erp-webhook`]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.sealed.toString('latin1')).not.toContain(newest);
    });
  });
});
