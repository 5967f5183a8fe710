/**
 * The cost model's arithmetic on a virtual clock: the per-call costs against timing.md's figures, and the shared
 * capacity (processor sharing) that makes concurrent callers wait on each other as on an Odoo with workers = 0.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../src/cost/clock.ts';
import { CostModel } from '../src/cost/cost-model.ts';
import { costOf, maxOrdersPerSecond, type CallWork } from '../src/cost/odoo19-costs.ts';
import { SharedCapacity } from '../src/cost/shared-capacity.ts';

const work = (w: Partial<CallWork> & Pick<CallWork, 'model' | 'method'>): CallWork => ({ records: 0, lines: 0, returned: 0, failed: false, ...w });
const orders = (method: string, n: number, linesEach = 2) => work({ model: 'sale.order', method, records: n, lines: n * linesEach });

describe('the cost of a call (timing.md, Odoo 19 on 2 cores, workers = 0)', () => {
  it('prices create and action_confirm per order and line as measured', () => {
    // measured: create 0.07 / 0.18 / 0.56 / 1.11 / 2.17 s and confirm 0.13 / 0.58 / 2.76 / 5.54 / 11.2 s for 1/10/50/100/200
    const measured: [number, number, number][] = [[1, 70, 130], [10, 180, 580], [50, 560, 2760], [100, 1110, 5540], [200, 2170, 11200]];
    for (const [n, create, confirm] of measured) {
      expect(Math.abs(costOf(orders('create', n)).ms - create) / create).toBeLessThan(0.15);
      expect(Math.abs(costOf(orders('action_confirm', n)).ms - confirm) / confirm).toBeLessThan(0.15);
    }
    expect(costOf(orders('action_confirm', 200)).ms).toBe(60 + 200 * 55);
  });

  it('grows faster than linearly past 200 orders a confirmation (500 took 37 s, 74 ms per order)', () => {
    const ms = costOf(orders('action_confirm', 500)).ms;
    expect(ms).toBeGreaterThan(35_000);
    expect(ms).toBeLessThan(39_000);
    expect(costOf(orders('create', 500)).ms).toBeLessThan(5_500); // create stayed linear: 4.5 s
  });

  it('draws the price from the lines: a four-line order costs more than a one-line order', () => {
    expect(costOf(orders('create', 50, 4)).ms).toBeGreaterThan(costOf(orders('create', 50, 1)).ms);
    expect(costOf(orders('action_confirm', 50, 4)).ms).toBeGreaterThan(costOf(orders('action_confirm', 50, 1)).ms);
  });

  it('charges a failed call its overhead only, and reads far less than writes', () => {
    expect(costOf({ ...orders('action_confirm', 200), failed: true }).ms).toBe(60);
    expect(costOf(work({ model: 'res.partner', method: 'search_read', returned: 100 })).ms).toBeLessThan(costOf(work({ model: 'res.partner', method: 'create', records: 1 })).ms);
  });

  it('can take about 15 two-line orders a second at best (create + confirm in calls of 200)', () => {
    expect(maxOrdersPerSecond(2)).toBeGreaterThan(14.5);
    expect(maxOrdersPerSecond(2)).toBeLessThan(15.5);
  });
});

describe('one shared capacity (virtual clock)', () => {
  /** Starts jobs at their instants and records when each completes. */
  function serveAll(jobs: [start: number, work: number][]) {
    const clock = new VirtualClock();
    const cap = new SharedCapacity(clock);
    const finished = new Map<number, number>();
    const tick = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };
    return { clock, cap, finished, async go(until: number) {
      const pending = jobs.map((j, i) => ({ i, at: j[0], work: j[1] })).sort((a, b) => a.at - b.at);
      // time moves 1 ms at a time so that each completion is seen within a millisecond of its instant
      for (let t = 0; t <= until; t++) {
        for (const j of pending.filter((p) => p.at === t)) void cap.serve(j.work).then(() => finished.set(j.i, clock.now()));
        await tick();
        clock.advance(1);
        await tick();
      }
    } };
  }

  it('serves a call alone in its own duration', async () => {
    const s = serveAll([[0, 100]]);
    await s.go(300);
    expect(s.finished.get(0)).toBe(100);
    expect(s.cap.busyMs()).toBeCloseTo(100, 6);
  });

  it('makes two concurrent callers each take twice as long, the total unchanged', async () => {
    const s = serveAll([[0, 100], [0, 100]]);
    await s.go(400);
    expect(s.finished.get(0)).toBe(200);
    expect(s.finished.get(1)).toBe(200);
    expect(s.cap.busyMs()).toBeCloseTo(200, 6);
  });

  it('shares from the moment a second call arrives, and counts idle time as idle', async () => {
    // A (100) alone for 50 ms, then shared with B (100): A ends at 150, B alone again from 150, ends at 200
    const s = serveAll([[0, 100], [50, 100], [300, 40]]);
    await s.go(500);
    expect(s.finished.get(0)).toBe(150);
    expect(s.finished.get(1)).toBe(200);
    expect(s.finished.get(2)).toBe(340);
    expect(s.cap.busyMs()).toBeCloseTo(240, 6);
  });
});

describe('a call served from its arrival (the sandbox\'s own work inside the modelled time)', () => {
  it('ends a call its modelled duration after its arrival, however long the sandbox worked on it first', async () => {
    const clock = new VirtualClock();
    const cap = new SharedCapacity(clock);
    const ticket = cap.begin();
    clock.advance(30); // the sandbox runs the call's queries: a real Odoo would be working on it too
    let doneAt = -1;
    const done = ticket.finish(100).then(() => { doneAt = clock.now(); });
    clock.advance(69);
    await Promise.resolve();
    expect(doneAt).toBe(-1);
    clock.advance(1);
    await done;
    expect(doneAt).toBe(100); // not 130: the 30 ms were the modelled Odoo's time, not idle time before it
    expect(cap.busyMs()).toBeCloseTo(100, 6);
  });

  it('answers at once a call whose real work outlasted its modelled cost, the server busy all along', async () => {
    const clock = new VirtualClock();
    const cap = new SharedCapacity(clock);
    const ticket = cap.begin();
    clock.advance(150);
    await ticket.finish(100);
    expect(cap.inFlight).toBe(0);
    expect(cap.busyMs()).toBeCloseTo(150, 6);
    expect(cap.overrunMs()).toBeCloseTo(50, 6); // the stand-in's slowness, told apart from the client's time
  });

  it('shares the server with a call still running in the sandbox', async () => {
    const clock = new VirtualClock();
    const cap = new SharedCapacity(clock);
    const a = cap.begin(); // cost not known yet
    let bAt = -1;
    const b = cap.serve(100).then(() => { bAt = clock.now(); });
    clock.advance(50); // A and B each got 25 ms
    const aDone = a.finish(25); // A is served already: it ends now, B alone from here (75 left)
    await aDone;
    clock.advance(75);
    await b;
    expect(bAt).toBe(125);
    expect(cap.busyMs()).toBeCloseTo(125, 6);
  });

  it('lists every call in the cost report\'s timeline, from its arrival to its answer', async () => {
    const clock = new VirtualClock();
    const model = new CostModel({ scale: 1, clock });
    const tx = { query: async () => ({ rows: [{ n: 2 }] }) } as never;
    const arrival = model.arrive();
    clock.advance(10);
    const charged = model.charge(tx, { model: 'sale.order', method: 'action_confirm', ids: [1], kwargs: {} }, true, arrival);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    clock.advance(200);
    await charged;
    clock.advance(40);
    const read = model.charge(tx, { model: 'res.partner', method: 'search_read', ids: [], kwargs: {} }, []);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    clock.advance(15);
    await read;
    const { timeline } = model.snapshot();
    // the confirmation: 60 + 25 + 2 lines x 15 = 115 ms from its arrival at 0; the read (15 ms) after 135 ms idle
    expect(timeline).toEqual([
      { start: 0, end: 115, operation: 'sale.order.action_confirm', records: 1 },
      { start: 250, end: 265, operation: 'res.partner.search_read', records: 0 },
    ]);
  });
});

describe('the cost model', () => {
  it('holds a 200-order confirmation for 200 x 55 ms (+ the call overhead) x scale, and totals it', async () => {
    const clock = new VirtualClock();
    const model = new CostModel({ scale: 0.05, clock });
    const call = { model: 'sale.order', method: 'action_confirm', ids: Array.from({ length: 200 }, (_, i) => i + 1), kwargs: {} };
    const tx = { query: async () => ({ rows: [{ n: 400 }] }) } as never; // the orders' 400 product lines
    let done = false;
    const charged = model.charge(tx, call, true).then(() => { done = true; });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const expected = (60 + 200 * 55) * 0.05; // 553 ms
    clock.advance(expected - 1);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await charged;
    const snap = model.snapshot();
    expect(snap.operations['sale.order.action_confirm']).toEqual({ calls: 1, failed: 0, records: 200, lines: 400, returned: 0, modelledMs: 11_060, overheadMs: 60, repeatedMs: 0, longestMs: expected });
    expect(snap.busyMs).toBeCloseTo(expected, 6);
    expect(snap.wallMs).toBeCloseTo(expected, 6);
    expect(snap.busyShare).toBe(1);
    model.reset();
    expect(model.snapshot().calls).toBe(0);
  });

  it('refuses a scale that is not above zero', () => {
    expect(() => new CostModel({ scale: 0 })).toThrow(/ERP_SANDBOX_BAD_COST_SCALE/);
  });
});

describe('useful and repeated work (the bench\'s useful share)', () => {
  it('counts a record an operation works on again as repeated, and leaves overheads and failed calls out of useful', async () => {
    const clock = new VirtualClock();
    const model = new CostModel({ scale: 1, clock });
    const tx = { query: async () => ({ rows: [] }) };
    const write = (ids: number[]) => ({ model: 'sale.order', method: 'write', ids, kwargs: { vals: { date_order: '2026-01-01 00:00:00' } } });
    const load = (ids: number[]) => ({ model: 'sale.order', method: 'load', ids: [], kwargs: { fields: ['.id', 'date_order'], data: ids.map((id) => [String(id), '2026-01-01 00:00:00']) } });
    const run = async (p: Promise<void>) => { for (let i = 0; i < 50; i++) { clock.advance(100); await Promise.resolve(); } await p; };
    await run(model.charge(tx as never, write([1, 2]), true));
    await run(model.charge(tx as never, write([2, 3]), true)); // 2 again: half of its 4 ms per-record part
    await run(model.charge(tx as never, load([1, 4, 5]), true)); // load counts apart from write: nothing repeated
    await run(model.chargeFailure(write([9])));
    const s = model.snapshot();
    expect(s.operations['sale.order.write']).toMatchObject({ calls: 3, failed: 1, modelledMs: 44 + 44 + 40, overheadMs: 40 + 40 + 40, repeatedMs: 2 });
    expect(s.operations['sale.order.load']).toMatchObject({ modelledMs: 69, overheadMs: 60, repeatedMs: 0 });
    expect(s.usefulMs).toBe(4 + 2 + 9);
    model.reset();
    await run(model.charge(tx as never, write([1]), true));
    expect(model.snapshot().repeatedMs).toBe(0); // a reset starts the records afresh
  });
});
