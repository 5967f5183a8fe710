/**
 * Credit notes beyond the returns recording: what an invoice still owes after partial credit notes, the
 * payment_state each step gives (not_paid, partial, reversed; the credit note's own paid / partial; Odoo 19's rule
 * with journal entries and payments among the counterparts), a credit note larger than what is left, unreconciling
 * by resetting a credit note to draft, `modify_moves`, matching over JSON-RPC, and the reconcile refusals.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_refunds');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' }, { now: () => new Date('2026-12-01T10:00:00Z') });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

async function ok(path: string, body: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const create = async (model: string, vals: object, context: object = {}): Promise<number> => (await ok(`${model}/create`, { vals_list: [vals], context }))[0];
const state = async (id: number) => (await ok('account.move/read', { ids: [id], fields: ['payment_state', 'amount_residual'] }))[0];
const receivable = async (moveId: number) => (await ok('account.move.line/search_read', {
  domain: [['move_id', '=', moveId], ['account_type', '=', 'asset_receivable']], fields: ['balance', 'amount_residual', 'reconciled', 'matching_number'],
}))[0];

/** A posted customer invoice of `qty` × 20, untaxed (a line without product gets no default tax), for a new customer. */
async function postedInvoice(qty: number): Promise<{ invoice: number; partner: number }> {
  const partner = await create('res.partner', { name: `Refund customer ${qty}` });
  const invoice = await create('account.move', { move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'Gadget', quantity: qty, price_unit: 20 }]] });
  await ok('account.move/action_post', { ids: [invoice] });
  return { invoice, partner };
}
/** A credit note through the reversal wizard, its only line set to `qty` units, posted. */
async function reversal(invoice: number, qty: number): Promise<number> {
  const ctx = { active_model: 'account.move', active_ids: [invoice] };
  const wiz = await create('account.move.reversal', { reason: 'Returned', journal_id: 1 }, ctx);
  const refund = (await ok('account.move.reversal/refund_moves', { ids: [wiz], context: ctx })).res_id as number;
  const [{ invoice_line_ids: [line] }] = await ok('account.move/read', { ids: [refund], fields: ['invoice_line_ids'] });
  await ok('account.move/write', { ids: [refund], vals: { invoice_line_ids: [[1, line, { quantity: qty }]] } });
  await ok('account.move/action_post', { ids: [refund] });
  return refund;
}

describe('credit notes settling an invoice', () => {
  it('lowers the residual one credit note at a time and ends reversed, each credit note paid', async () => {
    const { invoice } = await postedInvoice(10);
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'not_paid', amount_residual: 200 });
    const first = await reversal(invoice, 3);
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'partial', amount_residual: 140 });
    expect(await state(first)).toEqual({ id: first, payment_state: 'paid', amount_residual: 0 });
    expect(await receivable(invoice)).toMatchObject({ balance: 200, amount_residual: 140, reconciled: false, matching_number: expect.stringMatching(/^P\d+$/) });
    const second = await reversal(invoice, 7);
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'reversed', amount_residual: 0 });
    expect(await state(second)).toEqual({ id: second, payment_state: 'paid', amount_residual: 0 });
    const full = (await receivable(invoice)).matching_number as string;
    expect(full).toMatch(/^\d+$/);
    expect(await receivable(first)).toMatchObject({ amount_residual: 0, reconciled: true, matching_number: full });
  });

  it('takes only what is left from a credit note larger than the residual: that one stays partial', async () => {
    const { invoice } = await postedInvoice(4);
    await reversal(invoice, 3);
    const bigger = await reversal(invoice, 4);
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'reversed', amount_residual: 0 });
    expect(await state(bigger)).toEqual({ id: bigger, payment_state: 'partial', amount_residual: 60 });
    expect(await receivable(bigger)).toMatchObject({ balance: -80, amount_residual: -60, reconciled: false });
  });

  it('owes again what a credit note settled once that credit note is reset to draft', async () => {
    const { invoice } = await postedInvoice(2);
    const refund = await reversal(invoice, 1);
    expect(await state(invoice)).toMatchObject({ payment_state: 'partial', amount_residual: 20 });
    await ok('account.move/button_draft', { ids: [refund] });
    expect(await state(invoice)).toMatchObject({ payment_state: 'not_paid', amount_residual: 40 });
    expect(await state(refund)).toMatchObject({ payment_state: 'not_paid', amount_residual: 20 });
    expect(await receivable(invoice)).toMatchObject({ amount_residual: 40, reconciled: false, matching_number: false });
  });

  it('shows a direct credit note as outstanding until assigned, then lists it among the payments', async () => {
    const { invoice, partner } = await postedInvoice(2);
    expect((await ok('account.move/read', { ids: [invoice], fields: ['invoice_outstanding_credits_debits_widget'] }))[0].invoice_outstanding_credits_debits_widget).toBe(false);
    const credit = await create('account.move', { move_type: 'out_refund', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'Goodwill', quantity: 1, price_unit: 10 }]] });
    await ok('account.move/action_post', { ids: [credit] });
    expect(await state(credit)).toMatchObject({ payment_state: 'not_paid', amount_residual: 10 });
    const [{ invoice_outstanding_credits_debits_widget: w }] = await ok('account.move/read', { ids: [invoice], fields: ['invoice_outstanding_credits_debits_widget'] });
    expect(w).toMatchObject({ outstanding: true, title: 'Outstanding credits', content: [{ amount: 10, move_id: credit }] });
    expect(await ok('account.move/js_assign_outstanding_line', { ids: [invoice], line_id: w.content[0].id })).toBeNull();
    expect(await state(invoice)).toMatchObject({ payment_state: 'partial', amount_residual: 30 });
    expect(await state(credit)).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    const [{ invoice_payments_widget: paid }] = await ok('account.move/read', { ids: [invoice], fields: ['invoice_payments_widget'] });
    expect(paid.content).toEqual([expect.objectContaining({ amount: 10, move_id: credit, is_refund: true, amount_company_currency: '$\u00a010.00' })]);
  });

  it('modify_moves credits the whole invoice at once and opens a draft copy to correct', async () => {
    const { invoice, partner } = await postedInvoice(3);
    const ctx = { active_model: 'account.move', active_ids: [invoice] };
    const wiz = await create('account.move.reversal', { reason: 'Wrong price', journal_id: 1 }, ctx);
    const action = await ok('account.move.reversal/modify_moves', { ids: [wiz], context: ctx });
    expect(action).toMatchObject({ res_model: 'account.move', view_mode: 'form', context: { default_move_type: 'out_invoice' } });
    const [copy] = await ok('account.move/read', { ids: [action.res_id], fields: ['state', 'move_type', 'partner_id', 'amount_total', 'reversed_entry_id'] });
    expect(copy).toMatchObject({ state: 'draft', move_type: 'out_invoice', partner_id: [partner, 'Refund customer 3'], amount_total: 60, reversed_entry_id: false });
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'reversed', amount_residual: 0 });
    const [{ reversal_move_ids: [refund] }] = await ok('account.move/read', { ids: [invoice], fields: ['reversal_move_ids'] });
    expect(await ok('account.move/read', { ids: [refund], fields: ['state', 'payment_state'] })).toEqual([{ id: refund, state: 'posted', payment_state: 'paid' }]);
    expect(await ok('account.move.reversal/read', { ids: [wiz], fields: ['new_move_ids'] })).toEqual([{ id: wiz, new_move_ids: [action.res_id] }]);
  });

  it('matches items over JSON-RPC too: reconcile returns None, an answer without result', async () => {
    const { invoice, partner } = await postedInvoice(1);
    const credit = await create('account.move', { move_type: 'out_refund', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'Back', quantity: 1, price_unit: 20 }]] });
    await ok('account.move/action_post', { ids: [credit] });
    const answer = await executeKw(sb, 'account.move.line', 'reconcile', [[(await receivable(invoice)).id, (await receivable(credit)).id]]);
    expect(answer).not.toHaveProperty('error');
    expect(answer).not.toHaveProperty('result');
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'reversed', amount_residual: 0 });
  });

  it('one reconcile over several customers\' items (a settlement entry): each customer\'s matched among themselves, one full reconcile when all settle, none when one stays open', async () => {
    // A settlement-like entry: one receivable credit per customer (the second customer's first), the net on account 36.
    const entry = async (credits: Array<[number, number]>): Promise<Map<number, number>> => {
      const account = (await ok('account.move.line/read', { ids: [(await receivable((await postedInvoice(1)).invoice)).id], fields: ['account_id'] }))[0].account_id[0];
      const total = credits.reduce((s, [, amount]) => s + amount, 0);
      const id = await create('account.move', { move_type: 'entry', journal_id: 3, date: '2026-12-01', line_ids: [
        ...credits.map(([partner, amount]) => [0, 0, { account_id: account, partner_id: partner, name: `order ${partner}`, credit: amount }]),
        [0, 0, { account_id: 36, name: 'net', debit: total }]] });
      await ok('account.move/action_post', { ids: [id] });
      const lines = await ok('account.move.line/search_read', { domain: [['move_id', '=', id], ['account_id', '=', account]], fields: ['partner_id'] });
      return new Map(lines.map((l: { id: number; partner_id: [number] }) => [l.partner_id[0], l.id]));
    };
    const partials = async (ids: number[]) => (await ok('account.partial.reconcile/search_read', {
      domain: ['|', ['debit_move_id', 'in', ids], ['credit_move_id', 'in', ids]], fields: ['debit_move_id', 'credit_move_id', 'amount'] }))
      .map((p: { debit_move_id: [number]; credit_move_id: [number]; amount: number }) => [p.debit_move_id[0], p.credit_move_id[0], p.amount]);
    const a = await postedInvoice(1);
    const b = await postedInvoice(2);
    const lines = await entry([[b.partner, 40], [a.partner, 20]]);
    const [ia, ib] = [(await receivable(a.invoice)).id, (await receivable(b.invoice)).id];
    // By date and id alone, A's invoice (20) would meet B's credit (40) first; Odoo sorts several partners' items by partner.
    await ok('account.move.line/reconcile', { ids: [lines.get(b.partner), ia, lines.get(a.partner), ib] });
    expect((await partials([ia, ib])).sort()).toEqual([[ia, lines.get(a.partner), 20], [ib, lines.get(b.partner), 40]].sort());
    expect(await state(a.invoice)).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    expect(await state(b.invoice)).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    const numbers = await ok('account.move.line/read', { ids: [ia, ib, lines.get(a.partner), lines.get(b.partner)], fields: ['matching_number', 'reconciled'] });
    expect(new Set(numbers.map((l: { matching_number: string }) => l.matching_number)).size).toBe(1);
    expect(numbers.every((l: { reconciled: boolean; matching_number: string }) => l.reconciled && /^\d+$/.test(l.matching_number))).toBe(true);
    // One customer paid 10 short: its invoice keeps the 10 (partial); the other's items settle but no full reconcile is made.
    const c = await postedInvoice(1);
    const d = await postedInvoice(2);
    const short = await entry([[c.partner, 20], [d.partner, 30]]);
    const [ic, id] = [(await receivable(c.invoice)).id, (await receivable(d.invoice)).id];
    await ok('account.move.line/reconcile', { ids: [ic, id, short.get(c.partner), short.get(d.partner)] });
    expect(await state(c.invoice)).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    expect(await state(d.invoice)).toMatchObject({ payment_state: 'partial', amount_residual: 10 });
    expect(await receivable(c.invoice)).toMatchObject({ reconciled: true, matching_number: expect.stringMatching(/^P\d+$/) });
  });

  it('refuses to reconcile an item of a draft entry', async () => {
    const { invoice, partner } = await postedInvoice(1);
    const draft = await create('account.move', { move_type: 'out_refund', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 5 }]] });
    const lines = [(await receivable(invoice)).id, (await receivable(draft)).id];
    const r = await json2(sb, 'account.move.line/reconcile', { ids: lines });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'You can only reconcile posted entries.' });
  });

  it('recomputes a draft credit note\'s totals when a line is removed through it (command 2), as Odoo does', async () => {
    const partner = await create('res.partner', { name: 'Two lines customer' });
    const invoice = await create('account.move', { move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'A', quantity: 1, price_unit: 20 }], [0, 0, { name: 'B', quantity: 1, price_unit: 5 }]] });
    await ok('account.move/action_post', { ids: [invoice] });
    const ctx = { active_model: 'account.move', active_ids: [invoice] };
    const wiz = await create('account.move.reversal', { reason: 'Part', journal_id: 1 }, ctx);
    const refund = (await ok('account.move.reversal/refund_moves', { ids: [wiz], context: ctx })).res_id as number;
    const [{ invoice_line_ids: lines }] = await ok('account.move/read', { ids: [refund], fields: ['invoice_line_ids'] });
    await ok('account.move/write', { ids: [refund], vals: { invoice_line_ids: [[2, lines[1]]] } });
    expect(await ok('account.move/read', { ids: [refund], fields: ['amount_total', 'invoice_line_ids'] })).toEqual([{ id: refund, amount_total: 20, invoice_line_ids: [lines[0]] }]);
    await ok('account.move/action_post', { ids: [refund] });
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'partial', amount_residual: 5 });
  });

  it('reverses several invoices with one wizard as Odoo does: a draft each, its own ref, the action listing them; posted in one call', async () => {
    const a = await postedInvoice(2);
    const b = await postedInvoice(5);
    const names = await ok('account.move/read', { ids: [a.invoice, b.invoice], fields: ['name'] });
    const ctx = { active_model: 'account.move', active_ids: [a.invoice, b.invoice] };
    const wiz = await create('account.move.reversal', { reason: 'Batch', journal_id: 1 }, ctx);
    expect(await ok('account.move.reversal/read', { ids: [wiz], fields: ['move_ids', 'residual', 'move_type'] })).toEqual([{ id: wiz, move_ids: [a.invoice, b.invoice], residual: 0, move_type: 'some_invoice' }]);
    const action = await ok('account.move.reversal/refund_moves', { ids: [wiz], context: ctx });
    const [{ new_move_ids: made }] = await ok('account.move.reversal/read', { ids: [wiz], fields: ['new_move_ids'] });
    expect(made).toHaveLength(2);
    expect(action).toEqual({ name: 'Reverse Moves', type: 'ir.actions.act_window', res_model: 'account.move', view_mode: 'list,form', domain: [['id', 'in', made]], context: { default_move_type: 'out_refund' } });
    const drafts = await ok('account.move/read', { ids: made, fields: ['state', 'move_type', 'reversed_entry_id', 'ref', 'amount_total'] });
    expect(drafts.map((d: { reversed_entry_id: [number, string] }) => d.reversed_entry_id[0])).toEqual([a.invoice, b.invoice]);
    expect(drafts).toEqual([
      expect.objectContaining({ state: 'draft', move_type: 'out_refund', ref: `Reversal of: ${names[0].name}, Batch`, amount_total: 40 }),
      expect.objectContaining({ state: 'draft', move_type: 'out_refund', ref: `Reversal of: ${names[1].name}, Batch`, amount_total: 100 }),
    ]);
    await ok('account.move/action_post', { ids: made });
    expect(await state(a.invoice)).toEqual({ id: a.invoice, payment_state: 'reversed', amount_residual: 0 });
    expect(await state(b.invoice)).toEqual({ id: b.invoice, payment_state: 'reversed', amount_residual: 0 });
  });

  it('refuses a wizard over a move that is not posted, as Odoo\'s default_get does', async () => {
    const { invoice, partner } = await postedInvoice(1);
    const draft = await create('account.move', { move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 5 }]] });
    const r = await json2(sb, 'account.move.reversal/create', { vals_list: [{ reason: 'x', journal_id: 1 }], context: { active_model: 'account.move', active_ids: [invoice, draft] } });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'You can only reverse posted moves.' });
  });
});

// Odoo 19's _compute_payment_state (addons/account/models/account_move.py): once nothing is left, the counterparts'
// move types decide between `paid` and `reversed` unless a payment or a statement line took part.
describe('payment_state from what settled the move', () => {
  /** A posted journal entry: `amount` on the receivable (debit when positive) for the partner, the other side on account 36. */
  async function entry(partner: number, amount: number, like: number): Promise<number> {
    const account = (await ok('account.move.line/read', { ids: [(await receivable(like)).id], fields: ['account_id'] }))[0].account_id[0];
    const side = (x: number) => (x > 0 ? { debit: x } : { credit: -x });
    const id = await create('account.move', { move_type: 'entry', journal_id: 3, date: '2026-12-01', line_ids: [
      [0, 0, { account_id: account, partner_id: partner, name: 'settlement', ...side(amount) }],
      [0, 0, { account_id: 36, name: 'net', ...side(-amount) }]] });
    await ok('account.move/action_post', { ids: [id] });
    return id;
  }
  const match = async (a: number, b: number) => ok('account.move.line/reconcile', { ids: [(await receivable(a)).id, (await receivable(b)).id] });

  it('an invoice settled partly by a credit note, the rest by a journal entry, is reversed; the credit note paid', async () => {
    const { invoice, partner } = await postedInvoice(5);
    const refund = await reversal(invoice, 1);
    const settlement = await entry(partner, -80, invoice);
    await match(invoice, settlement);
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'reversed', amount_residual: 0 });
    expect(await state(refund)).toEqual({ id: refund, payment_state: 'paid', amount_residual: 0 });
  });

  it('an invoice settled by a journal entry alone is paid; partly settled, partial', async () => {
    const { invoice, partner } = await postedInvoice(3);
    await match(invoice, await entry(partner, -50, invoice));
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'partial', amount_residual: 10 });
    await match(invoice, await entry(partner, -10, invoice));
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'paid', amount_residual: 0 });
  });

  it('a credit note settled by a journal entry alone is reversed; partly settled, partial', async () => {
    const { invoice, partner } = await postedInvoice(1);
    const credit = await create('account.move', { move_type: 'out_refund', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'Goodwill', quantity: 1, price_unit: 15 }]] });
    await ok('account.move/action_post', { ids: [credit] });
    await match(credit, await entry(partner, 5, invoice));
    expect(await state(credit)).toEqual({ id: credit, payment_state: 'partial', amount_residual: 10 });
    await match(credit, await entry(partner, 10, invoice));
    expect(await state(credit)).toEqual({ id: credit, payment_state: 'reversed', amount_residual: 0 });
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'not_paid', amount_residual: 20 });
  });

  it('an invoice settled by a credit note and a payment is paid (a payment took part)', async () => {
    const { invoice } = await postedInvoice(2);
    await reversal(invoice, 1);
    const ctx = { active_model: 'account.move', active_ids: [invoice] };
    const wizard = await create('account.payment.register', { journal_id: 6, payment_date: '2026-12-01' }, ctx);
    await ok('account.payment.register/action_create_payments', { ids: [wizard], context: ctx });
    expect(await state(invoice)).toEqual({ id: invoice, payment_state: 'paid', amount_residual: 0 });
  });
});
