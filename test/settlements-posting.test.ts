/**
 * Settlements posted to the ERP (issue 16, "Posting to the ERP"), against both sandboxes over HTTP and both ERP
 * faces: the Amazon sandbox's world sells merchant orders the connector imported (invoiced in the ERP, one of them
 * partly refunded: its credit note matched with the open invoice), and FBA orders it never saw; when the 14-day
 * period closes the settlement is stored and posted: the set-up finds or makes the Amazon journal and accounts, the
 * entries (cut at `postingMaxLines`) balance, each through the clearing account, and every invoiced order's invoice
 * ends settled: `paid`, the refunded one `reversed` as Odoo 19 says (its net in the settlement clears what the
 * credit note left), the credit note `paid`; the net deposit sits on Amazon transfers, the clearing account at zero. A crash between the ERP's create
 * and the ledger's update is read back by ref; a rerun posts nothing; a settlement Amazon changed is corrected by
 * its difference, never posted twice; an account the settings name but the ERP lacks is a visible conflict. The sweep queues the posting when it is on; the API queues and shows it.
 * Fees here as journal lines of the entries (`postingFeesAs: journalLines`, the option; the default, vendor bills from
 * Amazon, is settlements-vendor-bills.test.ts).
 * The payout's bank statement line (`postingBankLine`): refused by Odoo until the ERP user is in "Basic" (a conflict
 * saying so), made once (a crash after the create read back by its label), and matched with Amazon transfers.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amazonAdmin } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { grantAccountingBasic, settlementWithConvertedPayout } from './support/settlement-payouts.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { toUnits } from './support/money.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { SettlementTasks, sweepSettlements } from '../connector/src/sync/settlements/index.ts';
import { POST_TASK, postSettlement } from '../connector/src/sync/settlements/posting/index.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';
import { Readable } from 'node:stream';
import { readFlatFile } from '../connector/src/amazon/report-flat-file.ts';
import { SETTLEMENT_SPEC } from '../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../connector/src/sync/settlements/store-settlement.ts';

const DE = 'A1PA6795UKMFR9';
const DAY = 86_400_000;
const SHIP_DATE = '2026-11-28T16:30:00Z';
const sum = (xs: number[]) => xs.reduce((a, x) => a + Math.round(x * 100), 0);

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`settlements posted to the ERP (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let api: ApiHandle;
    let skewMs = 0;
    const invoiced: Array<{ id: string; soId: number; invoiceId: number }> = [];
    let refunded: { id: string; invoiceId: number; creditNoteId: number };
    let uncredited: { id: string; invoiceId: number };
    let settlementId: string;

    beforeAll(async () => {
      const plans = { searchOrders: { rate: 5, burst: 100 }, getReports: { rate: 5, burst: 100 }, getReportDocument: { rate: 5, burst: 100 } };
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `settlements-posting-${erpTransport}`, erpTransport, settings: { rateOverrides: plans },
        amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, usagePlans: plans } });
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await sweepAndImport(stack);
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state !== 'sale' || invoiced.length >= 4) continue;
        await validateDelivery(stack, so.id);
        await request(stack, id, `mfn:${so.id}`, SHIP_DATE);
        await runInvoiceJobs(stack);
        const [inv] = await invoicesOf(stack, so.id);
        if (inv?.state === 'posted') invoiced.push({ id, soId: so.id, invoiceId: inv.id });
      }
      expect(invoiced.length).toBeGreaterThanOrEqual(3);
      for (const id of ids) stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
      stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'AMAZON', status: 'SHIPPED', business: false });
      // A goodwill refund of 5.00 on the first invoiced order: its credit note is matched with the still open invoice.
      await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { refunds: { enabled: true }, settlements: { enabled: true } } } });
      const first = invoiced[0]!;
      const sku = (stack.amazon.getOrder(first.id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
      skewMs = -10 * 60_000;
      await amazonAdmin(stack.amazon, `orders/${first.id}/refund`, { lines: [{ sku, quantity: 1, amount: '5.00' }] });
      skewMs = 0;
      await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      const [note] = await stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', first.invoiceId]], ['state']);
      expect(note?.state).toBe('posted');
      refunded = { id: first.id, invoiceId: first.invoiceId, creditNoteId: note!.id };
      // A refund of 4.00 on the second order the refunds flow never credits in the ERP: its settlement line is 4.00
      // short of its open invoice, so it cannot share a reconcile call; the 4.00 stays open on its own invoice.
      const second = invoiced[1]!;
      const sku2 = (stack.amazon.getOrder(second.id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
      skewMs = -10 * 60_000;
      await amazonAdmin(stack.amazon, `orders/${second.id}/refund`, { lines: [{ sku: sku2, quantity: 1, amount: '4.00' }] });
      skewMs = 0;
      uncredited = { id: second.id, invoiceId: second.invoiceId };
      api = await startApi(stack);
    }, 240_000);
    afterAll(async () => {
      await api?.close();
      await stack?.close();
    });

    const moves = (ids: number[]) => stack.erpClient.read('account.move', ids, ['state', 'payment_state', 'amount_residual', 'journal_id', 'ref', 'move_type']);
    const ledger = async () => (await stack.env.db.pool.query(`select version, chunk_no, ref, state, move_id, reconciled_at from settlement_posting
      where backend_id = $1 and settlement_id = $2 order by version, chunk_no`, [stack.backendId, settlementId])).rows;
    /** The settlement list's short form of the posting (the same state as GET .../posting, read in one query). */
    const listed = async () => (await api.get<{ items: Array<{ settlementId: string; posting: { state: string; entries: number; postedAt: string | null } }> }>(
      `/api/backends/${stack.backendId}/settlements`)).body.items.find((i) => i.settlementId === settlementId)!.posting;
    const itemsOf = (moveIds: number[]): Promise<ErpRecord[]> =>
      stack.erpClient.searchRead('account.move.line', [['move_id', 'in', moveIds]], ['move_id', 'account_id', 'amount_currency', 'partner_id', 'name', 'reconciled']);

    it('the closed period is stored; with posting off the sweep queues nothing and the API refuses (409)', async () => {
      skewMs = 15 * DAY;
      const sweep = await sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
      expect(sweep.outcomes.new).toBe(1);
      settlementId = (await stack.env.db.pool.query(`select settlement_id from settlement where backend_id = $1`, [stack.backendId])).rows[0]!.settlement_id;
      const refused = await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {});
      expect(refused.status).toBe(409);
      expect((refused.body as { code: string }).code).toBe('SETTLEMENT_POSTING_OFF');
      expect((await api.get(`/api/backends/${stack.backendId}/settlements/${settlementId}/posting`)).body).toEqual({ state: 'not_posted', entries: [], bills: [], bankLine: null });
      expect(await listed()).toEqual({ state: 'not_posted', entries: 0, postedAt: null });
    });

    it('posted in entries of at most 10 lines (a crash after the first create read back by ref): invoices settled (paid; the refunded one reversed, its credit note paid), clearing at zero', async () => {
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingEnabled: true, postingMaxLines: 10, postingFeesAs: 'journalLines' } } });
      // The sweep queues the posting (job key per settlement: queued twice, one job).
      await taskList(stack.env)[SettlementTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await taskList(stack.env)[SettlementTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      const { rows: jobs } = await stack.env.db.pool.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = $1`, [POST_TASK]);
      expect(jobs[0].n).toBe(1);
      // The worker dies right after the ERP made the first entry, before the ledger knew.
      await expect(postSettlement(stack.env, stack.backendId, settlementId, { afterCreate: () => { throw new Error('crash'); } })).rejects.toThrow('crash');
      const crashed = await ledger();
      expect(crashed.filter((r) => r.state === 'creating').length).toBe(crashed.length);
      expect(crashed.length).toBeGreaterThanOrEqual(2);
      expect(await listed()).toEqual({ state: 'posting', entries: crashed.length, postedAt: expect.any(String) });
      const [made] = await stack.erpClient.searchRead('account.move', [['ref', '=', crashed[0]!.ref]], ['state']);
      expect(made?.state).toBe('draft');
      // The job runs: the first entry is found by its ref (posted, not made again), the others made.
      const reconcileCalls = () => stack.erp.sandbox.stats().calls['account.move.line.reconcile'] ?? 0;
      const callsBefore = reconcileCalls();
      await runTasks(stack, [POST_TASK]);
      const calls = reconcileCalls() - callsBefore;
      const rows = await ledger();
      expect(rows.every((r) => r.state === 'posted' && r.move_id !== null && r.reconciled_at !== null)).toBe(true);
      const moveIds = rows.map((r) => r.move_id as number);
      for (const r of rows) expect((await stack.erpClient.search('account.move', [['ref', '=', r.ref]])).length).toBe(1);
      expect(rows[0]!.move_id).toBe(made!.id);
      const entries = await moves(moveIds);
      expect(entries.every((m) => m.state === 'posted' && m.move_type === 'entry')).toBe(true);
      const items = await itemsOf(moveIds);
      for (const id of moveIds) {
        const mine = items.filter((i) => (i.move_id as [number])[0] === id);
        expect(mine.length).toBeLessThanOrEqual(10);
        expect(sum(mine.map((i) => Number(i.amount_currency)))).toBe(0);
      }
      // The set-up: the Amazon journal (general, AMZ) and the accounts by code.
      const [journal] = await stack.erpClient.searchRead('account.journal', [['code', '=', 'AMZ']], ['type']);
      expect(journal?.type).toBe('general');
      const accounts = new Map((await stack.erpClient.searchRead('account.account', [['code', 'in', ['101410', '101420', '620100', '101430', '101450']]], ['code'])).map((a) => [a.code as string, a.id]));
      expect(accounts.size).toBe(5);
      const on = (code: string) => sum(items.filter((i) => (i.account_id as [number])[0] === accounts.get(code)).map((i) => Number(i.amount_currency)));
      const { rows: [s] } = await stack.env.db.pool.query(`select total_minor from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, settlementId]);
      expect(on('101410')).toBe(0);
      expect(on('101420')).toBe(Number(s.total_minor));
      expect(on('620100')).toBeGreaterThan(0);
      expect(on('101450')).toBeLessThan(0);
      // What the accountant sees: every invoice settled. Odoo 19's _compute_payment_state: `paid` for an invoice the
      // settlement entry alone settled; `reversed` for the refunded order's, settled by its credit note and the entry
      // (counterparts {out_refund, entry}); the credit note itself, matched with the invoice only, `paid`.
      const exact = invoiced.filter((o) => o.id !== uncredited.id);
      const docs = await moves(exact.map((o) => o.invoiceId));
      expect(docs.map((d) => [d.payment_state, toUnits(String(d.amount_residual))]))
        .toEqual(exact.map((o) => [o.id === refunded.id ? 'reversed' : 'paid', toUnits('0')]));
      // The order whose refund the ERP never credited: 4.00 short, matched in a call of its own, the 4.00 open on its own invoice.
      const [shortInvoice] = await moves([uncredited.invoiceId]);
      expect([shortInvoice!.payment_state, toUnits(String(shortInvoice!.amount_residual))]).toEqual(['partial', toUnits('4.00')]);
      // The orders that add up to zero (each under its own buyer) in ONE reconcile call, Odoo's one full reconcile of
      // them all; one call for the short order, one for the clearing lines: about N/150 calls, not N.
      const partners = new Set((await stack.erpClient.read('account.move', exact.map((o) => o.invoiceId), ['partner_id'])).map((m) => (m.partner_id as [number])[0]));
      expect(partners.size).toBe(exact.length);
      const receivables = await stack.erpClient.searchRead('account.move.line', [['move_id', 'in', exact.map((o) => o.invoiceId)], ['account_type', '=', 'asset_receivable']],
        ['matching_number', 'reconciled']);
      expect(receivables.every((i) => i.reconciled === true)).toBe(true);
      expect(new Set(receivables.map((i) => i.matching_number)).size).toBe(1);
      expect(calls).toBe(3);
      // The clearing account's lines matched with each other: nothing open on it for the settlement.
      expect(await stack.erpClient.search('account.move.line', [['move_id', 'in', moveIds], ['account_id', '=', accounts.get('101410')!], ['reconciled', '=', false]])).toEqual([]);
      const [note] = await moves([refunded.creditNoteId]);
      expect(toUnits(String(note!.amount_residual))).toBe(toUnits('0'));
      expect(note!.payment_state).toBe('paid');
      const api1 = await api.get<{ state: string; entries: unknown[] }>(`/api/backends/${stack.backendId}/settlements/${settlementId}/posting`);
      expect(api1.body.state).toBe('posted');
      expect(api1.body.entries).toHaveLength(rows.length);
      const short = await listed();
      expect(short).toMatchObject({ state: 'posted', entries: rows.length });
      expect(Date.parse(short.postedAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    });

    it('a rerun posts nothing; the API queues it again and the job does nothing', async () => {
      const before = await ledger();
      const again = await postSettlement(stack.env, stack.backendId, settlementId);
      expect(again).toMatchObject({ version: null, created: 0, foundByRef: 0, reconciledOrders: 0 });
      const queued = await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {});
      expect(queued.status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await ledger()).toEqual(before);
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/999/post`, {})).status).toBe(404);
    });

    it('the payout\'s bank line: a general journal named a SETTLEMENT_BANK_LINE_SETUP conflict, without "Basic" a SETTLEMENT_BANK_LINE_FORBIDDEN one; granted, made once (a crash after the create read back by ref), it clears Amazon transfers', async () => {
      const db = stack.env.db.pool;
      const conflicts = async () => (await db.query(`select code, status from sync_conflict where backend_id = $1 and kind = 'settlement_posting' and amazon_key = $2 order by code`,
        [stack.backendId, settlementId])).rows;
      const bankOf = async () => (await db.query(`select s.bank_line_ref, s.bank_line_state, s.bank_line_id, p.converted_minor, to_char(p.fund_transfer_date at time zone 'UTC', 'YYYY-MM-DD') as day
        from settlement s join settlement_payout p on p.backend_id = s.backend_id and p.group_id = s.payout_group_id where s.backend_id = $1 and s.settlement_id = $2`,
        [stack.backendId, settlementId])).rows[0];
      expect((await db.query(`select payout_state from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, settlementId])).rows[0].payout_state).toBe('matched');
      // Off by default: the sweep queues nothing for a posted settlement.
      const { duePostings } = await import('../connector/src/sync/settlements/posting/posting-queue.ts');
      expect(await duePostings(db, stack.backendId)).toEqual([]);
      // A journal code naming the Amazon (general) journal: a set-up conflict, nothing written.
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingBankLine: true, postingBankJournalCode: 'AMZ' } } });
      expect(await duePostings(db, stack.backendId, true)).toEqual([settlementId]);
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {})).status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await conflicts()).toEqual([{ code: 'SETTLEMENT_BANK_LINE_SETUP', status: 'open' }]);
      expect((await bankOf()).bank_line_state).toBeNull();
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingBankJournalCode: 'BNK1' } } });
      // The ERP user is not in the accounting group "Basic": Odoo's 403 becomes a conflict that says what to grant.
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {})).status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await conflicts()).toContainEqual({ code: 'SETTLEMENT_BANK_LINE_FORBIDDEN', status: 'open' });
      const ref = (await bankOf()).bank_line_ref as string;
      expect(ref).toMatch(new RegExp(`^AMZ-SET ${settlementId} payout \\S+$`));
      expect(await stack.erpClient.search('account.bank.statement.line', [['payment_ref', '=', ref]])).toEqual([]);
      await grantAccountingBasic(stack);
      // The worker dies right after the ERP made the line, before the connector knew.
      await expect(postSettlement(stack.env, stack.backendId, settlementId, { afterBankLine: () => { throw new Error('crash'); } })).rejects.toThrow('crash');
      expect((await bankOf()).bank_line_state).toBe('creating');
      expect(await stack.erpClient.search('account.bank.statement.line', [['payment_ref', '=', ref]])).toHaveLength(1);
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {})).status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await conflicts()).toEqual([{ code: 'SETTLEMENT_BANK_LINE_FORBIDDEN', status: 'resolved' }, { code: 'SETTLEMENT_BANK_LINE_SETUP', status: 'resolved' }]);
      const bank = await bankOf();
      expect(bank.bank_line_state).toBe('reconciled');
      const lines = await stack.erpClient.searchRead('account.bank.statement.line', [['payment_ref', '=', ref]], ['amount', 'date', 'is_reconciled', 'journal_id', 'move_id']);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ id: bank.bank_line_id, date: bank.day, is_reconciled: true });
      expect(Math.round(Number(lines[0]!.amount) * 100)).toBe(Number(bank.converted_minor));
      // Amazon transfers: the deposit and the bank's item match in full, nothing open on it.
      const [transfers] = await stack.erpClient.search('account.account', [['code', '=', '101420']]);
      const open = await stack.erpClient.searchRead('account.move.line', [['account_id', '=', transfers!], ['reconciled', '=', false]], ['amount_currency']);
      expect(open).toEqual([]);
      const cleared = await stack.erpClient.searchRead('account.move.line', [['account_id', '=', transfers!]], ['amount_currency', 'move_id']);
      expect(sum(cleared.map((i) => Number(i.amount_currency)))).toBe(0);
      expect(cleared.some((i) => (i.move_id as [number])[0] === (lines[0]!.move_id as [number])[0])).toBe(true);
      const view = await api.get<{ bankLine: unknown }>(`/api/backends/${stack.backendId}/settlements/${settlementId}/posting`);
      expect(view.body.bankLine).toEqual({ ref, state: 'reconciled', statementLineId: bank.bank_line_id, exchange: null });
      // A rerun: nothing made again.
      expect((await postSettlement(stack.env, stack.backendId, settlementId)).bankLine).toEqual({ state: 'reconciled', created: false, foundByRef: false });
      expect(await duePostings(db, stack.backendId, true)).toEqual([]);
    });

    it('a settlement Amazon changed is corrected by its difference in a new version, never posted twice', async () => {
      const db = stack.env.db.pool;
      await db.query(`insert into settlement_line (backend_id, settlement_id, line_no, transaction_type, amount_type, amount_description, amount_minor)
        select backend_id, settlement_id, max(line_no) + 1, 'other-transaction', 'other-transaction', 'Storage Fee', -250 from settlement_line
         where backend_id = $1 and settlement_id = $2 group by backend_id, settlement_id`, [stack.backendId, settlementId]);
      await db.query(`update settlement set total_minor = total_minor - 250, content_hash = 'changed-by-test', state = 'changed' where backend_id = $1 and settlement_id = $2`, [stack.backendId, settlementId]);
      expect((await api.get<{ state: string }>(`/api/backends/${stack.backendId}/settlements/${settlementId}/posting`)).body.state).toBe('changed');
      expect((await listed()).state).toBe('changed');
      const outcome = await postSettlement(stack.env, stack.backendId, settlementId);
      expect(outcome).toMatchObject({ version: 2, created: 1 });
      const v2 = (await ledger()).filter((r) => r.version === 2);
      expect(v2).toHaveLength(1);
      const items = await itemsOf([v2[0]!.move_id as number]);
      // Storage fee 2.50 to the fees account, 2.50 less on Amazon transfers; the clearing account untouched (no line at zero).
      expect(items.map((i) => Math.round(Number(i.amount_currency) * 100)).sort((a, b) => a - b)).toEqual([-250, 250]);
      expect((await postSettlement(stack.env, stack.backendId, settlementId)).created).toBe(0);
    });

    it('a payout in another currency than the settlement: the bank line in the payout\'s currency, the settlement\'s as its foreign amount, matched in full', async () => {
      const db = stack.env.db.pool;
      const { rows: [{ currency }] } = await db.query(`select currency from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, settlementId]);
      const payoutCurrency = currency === 'USD' ? 'EUR' : 'USD';
      // A settlement of 100.00 reimbursed less a 10.00 fee (90.00 deposited), paid out as 97.31 in the bank's currency.
      const other = await settlementWithConvertedPayout(stack, settlementId, { currency: payoutCurrency, convertedMinor: 9731, traceId: 'TRACEX', journalCode: 'BNKX' });
      const outcome = await postSettlement(stack.env, stack.backendId, other);
      expect(outcome.bankLine).toEqual({ state: 'reconciled', created: true, foundByRef: false });
      const [line] = await stack.erpClient.searchRead('account.bank.statement.line', [['payment_ref', '=', `AMZ-SET ${other} payout TRACEX`]],
        ['amount', 'amount_currency', 'foreign_currency_id', 'is_reconciled', 'move_id']);
      expect(line).toMatchObject({ amount: 97.31, amount_currency: 90, is_reconciled: true });
      expect((line!.foreign_currency_id as [number, string])[1]).toBe(currency);
      const [transfers] = await stack.erpClient.search('account.account', [['code', '=', '101420']]);
      // This settlement's deposit and the bank's item: both matched (the first settlement's later 2.50 correction stays open).
      const { rows: entries } = await db.query(`select move_id from settlement_posting where backend_id = $1 and settlement_id = $2`, [stack.backendId, other]);
      const moveIds = [...entries.map((e) => e.move_id as number), (line!.move_id as [number])[0]];
      const items = await stack.erpClient.searchRead('account.move.line', [['account_id', '=', transfers!], ['move_id', 'in', moveIds]], ['reconciled', 'amount_currency']);
      expect(items.map((i) => [i.reconciled, i.amount_currency]).sort()).toEqual([[true, -90], [true, 90]]);
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingBankJournalCode: 'BNK1' } } });
    });

    it('an account the settings name that the ERP lacks: a visible conflict with its code, resolved once posting goes through', async () => {
      // (the bank line's conflicts of the test above stay resolved)
      const conflicts = async () => (await stack.env.db.pool.query(`select code, status from sync_conflict where backend_id = $1 and kind = 'settlement_posting' and amazon_key = $2
        and code not like 'SETTLEMENT_BANK_LINE_%'`, [stack.backendId, settlementId])).rows;
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingAccountsByType: { ItemFees: 'AMZ404' } } } });
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {})).status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await conflicts()).toEqual([{ code: 'SETTLEMENT_POSTING_SETUP', status: 'open' }]);
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingAccountsByType: { ItemFees: null } } } });
      expect((await api.post(`/api/backends/${stack.backendId}/settlements/${settlementId}/post`, {})).status).toBe(202);
      await runTasks(stack, [POST_TASK]);
      expect(await conflicts()).toEqual([{ code: 'SETTLEMENT_POSTING_SETUP', status: 'resolved' }]);
    });

    it('two settlements posted at once on an ERP without the journal: it is made once, both go through', async () => {
      // A second settlement (Amazon's format, the store's own path): a subscription fee only, so nothing to reconcile.
      const cells = (c: Record<string, string>) => SETTLEMENT_SPEC.columns.map((k) => c[k] ?? '').join('\t');
      const text = [SETTLEMENT_SPEC.columns.join('\t'), cells({ 'settlement-id': '888000222', 'settlement-start-date': '2026-10-01 00:00:00 UTC',
        'settlement-end-date': '2026-10-15 00:00:00 UTC', 'deposit-date': '2026-10-18 00:00:00 UTC', 'total-amount': '-39.00', currency: 'EUR' }),
        cells({ 'transaction-type': 'other-transaction', 'amount-type': 'other-transaction', 'amount-description': 'Subscription Fee', amount: '-39.00' })].join('\n') + '\n';
      await storeSettlement(stack.env.db.pool, stack.env.core.conflicts, stack.backendId, { reportId: `posting-race-${erpTransport}`, marketplaceId: DE },
        readFlatFile({ body: Readable.from([Buffer.from(text)]), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC));
      // Another journal code: both postings' set-ups find none (each settlement has its own lock; the set-up its backend's).
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingJournalCode: 'AMZR' } } });
      const [a, b] = await Promise.all([postSettlement(stack.env, stack.backendId, settlementId), postSettlement(stack.env, stack.backendId, '888000222')]);
      expect(a.created).toBe(0);
      expect(b.created).toBe(1);
      expect([...a.setupCreated, ...b.setupCreated].filter((c) => c.startsWith('journal'))).toEqual(['journal AMZR']);
      expect(await stack.erpClient.search('account.journal', [['code', '=', 'AMZR']])).toHaveLength(1);
    });
  });
}
