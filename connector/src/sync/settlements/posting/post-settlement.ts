/**
 * One stored settlement posted to the ERP, exactly once (README.md in this folder):
 *
 * 1. under a session advisory lock per backend and settlement (a second worker waits, then finds it done);
 * 2. the set-up found or created (posting-setup.ts);
 * 3. entries left `creating` by a crash finished first (post-entries.ts): looked up by their `ref`, posted if found
 *    in draft, made again only if the ERP has none;
 * 4. when the settlement's content hash is not the last version's: the wanted amounts less everything already
 *    posted, cut into entries (posting-plan.ts), the whole plan written to the ledger BEFORE any ERP call, then
 *    each entry created, posted, and marked posted;
 * 5. the settlement's clearing lines matched with each other (one call), then each posted entry's order lines with
 *    the orders' open invoice and credit-note items, a batch of orders at a time, the orders that add up to zero
 *    sharing calls (reconcile-orders.ts), the entry marked reconciled once all of them are;
 * 5b. with fees as vendor bills (`postingFeesAs`): the version's bill from Amazon found by ref or created and posted,
 *    its payable item reconciled with the entries' line on Amazon's payable account (vendor-bill.ts);
 * 6. with `postingBankLine` on and the payout matched and transferred: its bank statement line (bank-line.ts).
 */
import type pg from 'pg';
import { PermanentError } from '../../../core/errors.ts';
import type { FlowJob } from '../../frame/flow.ts';
import { settlementsSettings } from '../settlements.settings.ts';
import { postingGateway } from './erp/posting.gateway.ts';
import { postBankLine, type BankLineHooks, type BankLineOutcome } from './bank-line.ts';
import { createPending, ORDER_LABEL, type EntryContext } from './post-entries.ts';
import { reconcileClearing, reconcileOrderLines } from './reconcile-orders.ts';
import { ledgerOf, markReconciled, writePlan, type LedgerRow } from './posting-ledger.ts';
import { amountsByKey, difference, planVersion, postedSum, type SettlementAmount } from './posting-plan.ts';
import { createPendingBill, reconcileBill, type BillContext, type BillOutcome } from './vendor-bill.ts';
import { ensurePostingSetup, type PostingSetup } from './posting-setup.ts';
import { entryFx } from './entry-fx.ts';

type Env = Pick<FlowJob['env'], 'db' | 'core' | 'runtimes'>;

export interface PostingOutcome {
  settlementId: string;
  /** The version posted by this run, or null when everything was already posted. */
  version: number | null;
  created: number;
  /** Entries a crash had left `creating` that the ERP already held (found by ref). */
  foundByRef: number;
  reconciledOrders: number;
  /** `reconcile` calls this run made for them (several orders share a call when they add up to zero). */
  reconcileCalls: number;
  setupCreated: string[];
  /** Amazon's vendor bills: made by this run, found by ref after a crash, reconciled with the entries. */
  bills: BillOutcome;
  /** The payout's bank statement line (`settlements.postingBankLine`), null when off or the posting is not finished. */
  bankLine: BankLineOutcome | null;
}

/** Test hook: runs after the ERP made an entry, before the ledger knows (a crash there must not post it twice). */
export interface PostingHooks extends BankLineHooks {
  afterCreate?: (ref: string, moveId: number) => Promise<void> | void;
  /** Runs after the ERP made a vendor bill, before the ledger knows. */
  afterBillCreate?: (ref: string, moveId: number) => Promise<void> | void;
}

interface SettlementRow { currency: string; contentHash: string; totalMinor: bigint; day: string; endDay: string; conflictCode: string | null }

async function settlementOf(db: Pick<pg.Pool, 'query'>, backendId: number, settlementId: string): Promise<SettlementRow> {
  const { rows } = await db.query(
    `select currency, content_hash, total_minor, to_char(coalesce(deposit_date, end_date) at time zone 'UTC', 'YYYY-MM-DD') as day,
            to_char(end_date at time zone 'UTC', 'YYYY-MM-DD') as end_day, conflict_code
       from settlement where backend_id = $1 and settlement_id = $2`, [backendId, settlementId]);
  const r = rows[0];
  if (!r) throw new PermanentError('SETTLEMENT_NOT_FOUND', `no settlement ${settlementId} is stored for backend ${backendId}`, { settlementId });
  return { currency: r.currency, contentHash: r.content_hash, totalMinor: BigInt(r.total_minor), day: r.day, endDay: r.end_day, conflictCode: r.conflict_code };
}

async function amountsOf(db: Pick<pg.Pool, 'query'>, backendId: number, settlementId: string): Promise<SettlementAmount[]> {
  // Summed in the database: a 100,000-line settlement comes back as one row per order and amount type.
  const { rows } = await db.query(
    `select transaction_type, amount_type, amount_description, order_id, order_known, sum(amount_minor)::text as amount
       from settlement_line where backend_id = $1 and settlement_id = $2
      group by transaction_type, amount_type, amount_description, order_id, order_known`, [backendId, settlementId]);
  return rows.map((r) => ({ transactionType: r.transaction_type, amountType: r.amount_type, amountDescription: r.amount_description, orderId: r.order_id,
    orderKnown: r.order_known, amountMinor: BigInt(r.amount) }));
}

export async function postSettlement(env: Env, backendId: number, settlementId: string, hooks: PostingHooks = {}): Promise<PostingOutcome> {
  const lock = await env.db.pool.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('settlement_posting'), hashtext($1))`, [`${backendId}:${settlementId}`]);
    try {
      return await postLocked(env, lock, backendId, settlementId, hooks);
    } finally {
      await lock.query(`select pg_advisory_unlock(hashtext('settlement_posting'), hashtext($1))`, [`${backendId}:${settlementId}`]);
    }
  } finally {
    lock.release();
  }
}

/**
 * The set-up under a lock per backend, on the connection already holding the settlement's lock (no second pooled
 * connection): two settlements of a backend posted at once (a sweep queues one job per settlement) would both find
 * no journal on a fresh ERP and both create it, and the ERP refuses the second ("Journal codes must be unique per
 * company"), a conflict until the next sweep. Seen in the demo, where four settlements close together.
 */
async function setupLocked(lock: Pick<pg.PoolClient, 'query'>, backendId: number, run: () => Promise<PostingSetup>): Promise<PostingSetup> {
  await lock.query(`select pg_advisory_lock(hashtext('settlement_posting_setup'), $1)`, [backendId]);
  try {
    return await run();
  } finally {
    await lock.query(`select pg_advisory_unlock(hashtext('settlement_posting_setup'), $1)`, [backendId]);
  }
}

async function postLocked(env: Env, lock: Pick<pg.PoolClient, 'query'>, backendId: number, settlementId: string, hooks: PostingHooks): Promise<PostingOutcome> {
  const db = env.db.pool;
  const s = await settlementOf(db, backendId, settlementId);
  if (s.conflictCode) throw new PermanentError('SETTLEMENT_POSTING_FLAGGED', `settlement ${settlementId} is flagged ${s.conflictCode}: not posted`, { settlementId, code: s.conflictCode });
  const rt = await env.runtimes.get(backendId);
  // The backend's settings as stored now (a runtime may be older than the last change of an account override).
  const settings = settlementsSettings.of((await env.core.backends.get(backendId)).settings);
  const gw = postingGateway(rt.erp);
  let ledger = await ledgerOf(db, backendId, settlementId);
  // A settlement keeps the way its fees were first posted (a bill in any version: bills; else journal lines): a
  // change of `postingFeesAs` applies to settlements posted from then on, never re-books one already in the books.
  const feesAs = ledger.length === 0 ? settings.postingFeesAs : ledger.some((r) => r.kind === 'bill') ? 'vendorBills' : 'journalLines';
  const setup = await setupLocked(lock, backendId, () => ensurePostingSetup(rt.erp, { ...settings, postingFeesAs: feesAs }));
  const currencyId = await gw.currencyId(s.currency);
  if (currencyId === null) throw new PermanentError('SETTLEMENT_POSTING_CURRENCY', `the ERP has no currency ${s.currency}`, { currency: s.currency });
  const outcome: PostingOutcome = { settlementId, version: null, created: 0, foundByRef: 0, reconciledOrders: 0, reconcileCalls: 0, setupCreated: setup.created,
    bills: { created: 0, foundByRef: 0, reconciled: 0 }, bankLine: null };
  const ctx: PostingContext = { env, gw, setup, backendId, settlementId, currency: s.currency, currencyId, day: s.day, hooks, outcome, fx: entryFx(gw, currencyId, s.day) };
  const billCtx: BillContext | null = setup.bills && { db, erp: rt.erp, gw, setup, bills: setup.bills, backendId, settlementId, currency: s.currency, currencyId,
    // The bill is dated the settlement's end: Amazon charges the fees of the period it closes (the entries: the deposit's day).
    day: s.endDay, vatRate: settings.postingFeeVatRates[s.currency] ?? 0, hooks };

  const finish = async () => {
    if (ledger.some((r) => r.state === 'creating')) {
      await createPending(ctx, ledger);
      for (const row of ledger) if (row.kind === 'bill' && row.state === 'creating') await createPendingBill(billCtx!, row, outcome.bills);
      ledger = await ledgerOf(db, backendId, settlementId);
    }
  };
  await finish();
  const last = ledger.at(-1);
  if (!last || last.contentHash !== s.contentHash) {
    const wanted = amountsByKey(await amountsOf(db, backendId, settlementId), s.totalMinor, settings.postingAccountsByType, feesAs);
    const plan = planVersion(difference(wanted, postedSum(ledger.map((r) => r.amounts))), settings.postingMaxLines);
    const version = (last?.version ?? 0) + 1;
    await writePlan(db, backendId, settlementId, version, s.contentHash, plan);
    outcome.version = version;
    ledger = await ledgerOf(db, backendId, settlementId);
    await finish();
  }
  const unreconciled = ledger.filter((row) => row.kind === 'entry' && row.state === 'posted' && row.moveId !== null && !row.reconciledAt);
  // The clearing lines first: done before the entries are marked reconciled, so a crash in between is retried.
  if (unreconciled.length && ledger.every((r) => r.state === 'posted')) {
    await reconcileClearing(ctx, ledger.flatMap((r) => (r.kind !== 'entry' || r.moveId === null ? [] : [r.moveId])), setup.roles.get('clearing')!);
  }
  for (const row of unreconciled) await reconcileEntry(ctx, row, settings.postingReconcileBatch);
  for (const row of ledger) if (row.kind === 'bill' && row.state === 'posted' && !row.reconciledAt) await reconcileBill(billCtx!, row, ledger, outcome.bills);
  // The payout's bank line once every entry of the settlement is in the books (reconcileEntry marks each).
  if (settings.postingBankLine) {
    outcome.bankLine = await postBankLine(db, rt.erp, gw, { backendId, settlementId, journalCode: settings.postingBankJournalCode,
      transfersAccountId: setup.roles.get('transfers')! }, hooks);
  }
  return outcome;
}

/** The entries' context (post-entries.ts) with this run's whole outcome, which the reconciliation adds to. */
interface PostingContext extends EntryContext { outcome: PostingOutcome }

/**
 * The entry's order lines matched with their orders' open items (reconcile-orders.ts: orders that add up to zero
 * share calls, each other order has its own). An order line already reconciled is left: a rerun after a crash does
 * only what is left.
 */
async function reconcileEntry(ctx: PostingContext, row: LedgerRow, batch: number): Promise<void> {
  const items = (await ctx.gw.itemsOf(row.moveId!)).filter((i) => i.name.startsWith(ORDER_LABEL) && i.partnerId !== null && !i.reconciled);
  const done = await reconcileOrderLines({ db: ctx.env.db.pool, binder: ctx.env.core.binder, gw: ctx.gw, backendId: ctx.backendId, currency: ctx.currency },
    items, ORDER_LABEL, batch);
  ctx.outcome.reconciledOrders += done.orders;
  ctx.outcome.reconcileCalls += done.calls;
  await markReconciled(ctx.env.db.pool, ctx.backendId, ctx.settlementId, row.version, row.chunkNo);
}
