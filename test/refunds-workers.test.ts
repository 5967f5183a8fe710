/**
 * The refunds flow under real graphile-worker processes, end to end over HTTP against both sandboxes and on both
 * ERP faces (JSON-2 and JSON-RPC, run side by side): two workers import and invoice merchant orders, refunds are
 * made on Amazon, the workers credit them, and the worker that has just made the credit notes of a batch through one
 * reversal wizard SIGKILLed before it could bind them (the ERP sandbox commits `refund_moves` and holds its answer,
 * so the kill falls exactly there). The survivor takes the refunds over (a batch job of its own once the dead
 * worker's locks went with its connection, or the dead job handed back by the heartbeat's `force_unlock_workers`),
 * finds each credit note by its refund id and invoice, binds and posts it: one posted credit note per refund, never
 * a second.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { lockIdOf } from '../connector/src/core/lock.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { ownsReference } from '../connector/src/sync/refunds/erp/refund-reference.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';
import type { Child } from '../scripts/lib/processes.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { erpFaultRule } from './support/faults.ts';
import { invoicesOf, request, validateDelivery } from './support/invoicing.ts';
import { theErpOrder } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
const SHIP_DATE = '2026-11-28T16:30:00Z';
const REFUNDS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface RefundAnswer { transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined | null | false>, live: Child[] = [], diag?: () => Promise<unknown>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    for (const w of live) if (w.proc.exitCode !== null || w.proc.signalCode !== null) throw new Error(`${w.name} exited:\n${w.tail()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${JSON.stringify(await diag?.())}\n${live.map((w) => `${w.name}: ${w.tail()}`).join('\n')}`);
    await sleep(100);
  }
}

/** The worker process whose database session holds the refund's advisory lock (pg_locks -> client port -> ss). */
async function holderOf(stack: Stack, refundId: string, workers: Child[]): Promise<Child | undefined> {
  const id = BigInt(lockIdOf(`refund:${stack.backendId}:${refundId}`));
  const { rows } = await stack.env.db.pool.query<{ port: number }>(
    `select a.client_port as port from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid and l.objsubid = 1`,
    [String(BigInt.asUintN(64, id) >> 32n), String(BigInt.asUintN(32, id))]);
  if (!rows[0]) return undefined;
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${rows[0].port} )`], { encoding: 'utf8' });
  const pids = [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  return workers.find((w) => pids.includes(w.proc.pid!));
}

describe('refunds with two worker processes, one killed between the credit note and its binding', () => {
  it.concurrent.each(['json2', 'jsonrpc'] as const)('ERP over %s: exactly one posted credit note per refund', async (erpTransport) => {
    let skewMs = 0;
    const stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `refworkers-${erpTransport}`, erpTransport, workerConcurrency: 2,
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0 } });
    try {
      // The flow on and both workers started first: they import and invoice the orders as they would in production
      // (and are up when the refunds come).
      await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true } } } });
      const workers = [stack.startWorker(`${erpTransport}-worker-a`), stack.startWorker(`${erpTransport}-worker-b`)];
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: REFUNDS + 3, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await stack.waitForIdle(90_000, ids.length);
      const orders: Array<{ id: string; soId: number }> = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state === 'sale' && orders.length < REFUNDS) orders.push({ id, soId: so.id });
      }
      expect(orders.length).toBe(REFUNDS);
      for (const o of orders) {
        await validateDelivery(stack, o.soId);
        await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      }
      await until('the invoices posted by the workers', 60_000, async () => {
        const { rows } = await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from invoice_request where backend_id = $1 and state = 'invoiced'`, [stack.backendId]);
        return rows[0]!.n === REFUNDS;
      }, workers);
      const invoices = new Map<string, number>();
      for (const o of orders) {
        stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
        invoices.set(o.id, (await invoicesOf(stack, o.soId))[0]!.id);
      }
      // The first reversal commits in the ERP and its answer is held (longer than the connector's 30 s call timeout).
      await erpFaultRule(stack.erp.sandbox, { target: 'account.move.reversal.refund_moves', percent: 100, kinds: ['slow'], delayMs: 45_000, count: 1 });
      // Posted ten minutes ago on Amazon's clock: the first sweep lists them (Amazon hides the last two minutes).
      skewMs = -10 * 60_000;
      const refundIds: string[] = [];
      try {
        for (const o of orders) {
          const { transaction: t } = await amazonAdmin<RefundAnswer>(stack.amazon, `orders/${o.id}/refund`, {});
          refundIds.push(t.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue);
        }
      } finally {
        skewMs = 0;
      }

      await stack.env.db.pool.query(`select graphile_worker.add_job($1, json_build_object('backendId', $2::int))`, [RefundTasks.sweep, stack.backendId]);
      const creditNotes = async () => stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund']], ['ref', 'state', 'reversed_entry_id']);
      // A credit note's refund: its reference names it (a batch's names every refund of the batch with the invoice of each).
      const refundOf = (n: ErpRecord) => refundIds.find((r) => ownsReference(r, String(n.ref), (n.reversed_entry_id as [number, string])[0]));
      // The held one: a credit note the wizard made whose refund stays unbound while its worker waits for the answer.
      const held = await until('a credit note made and left unbound by a held reversal', 60_000, async () => {
        for (const n of await creditNotes()) {
          const r = refundOf(n);
          if (r && !(await stack.env.core.binder.toErp(stack.backendId, 'refund', r))) {
            await sleep(1_500);
            if (!(await stack.env.core.binder.toErp(stack.backendId, 'refund', r))) return { refundId: r, noteId: n.id };
          }
        }
        return undefined;
      }, workers, async () => ({ notes: await creditNotes(), states: (await stack.env.db.pool.query(`select key, state, code from record_state where flow = 'refunds'`)).rows,
        jobs: (await stack.env.db.pool.query(`select task_identifier, attempts, last_error, locked_by from graphile_worker.jobs`)).rows }));
      const doomed = await until('the worker holding the held refund', 10_000, () => holderOf(stack, held.refundId, workers), workers);
      doomed.proc.kill('SIGKILL');
      await doomed.exited;
      const survivor = workers.find((w) => w !== doomed)!;
      const killedAt = Date.now();
      expect((await creditNotes()).filter((n) => n.id === held.noteId).map((n) => n.state)).toEqual(['draft']);

      // The dead worker's locks went with its connection: the survivor's next batch job takes the refunds (or its
      // heartbeat hands the dead job back, 15 s without a beat), finds the drafts, binds and posts them.
      await until('every refund credited', 60_000, async () => {
        const { rows } = await stack.env.db.pool.query<{ n: number }>(
          `select count(*)::int as n from record_state where backend_id = $1 and flow = 'refunds' and state = 'credited' and key = any($2)`, [stack.backendId, refundIds]);
        return rows[0]!.n === refundIds.length;
      }, [survivor]);
      console.log(`[refunds-workers ${erpTransport}] the held refund credited ${((Date.now() - killedAt) / 1000).toFixed(1)} s after its worker was killed`);

      const notes = await creditNotes();
      expect(notes).toHaveLength(REFUNDS);
      for (const [i, o] of orders.entries()) {
        const mine = notes.filter((n) => (n.reversed_entry_id as [number, string])[0] === invoices.get(o.id));
        expect(mine.map((n) => n.state)).toEqual(['posted']);
        expect(refundOf(mine[0]!)).toBe(refundIds[i]);
        expect(String(mine[0]!.ref)).toMatch(new RegExp(`, Amazon refund ${refundIds[i]}$`));
        expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', refundIds[i]!))?.erpId).toBe(mine[0]!.id);
      }
      // The credit note the killed worker made is the one bound and posted: found by its refund id, never made again.
      expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', held.refundId))?.erpId).toBe(held.noteId);
    } finally {
      await stack.close();
    }
  }, 150_000);
});
