/**
 * Payments, entries and bank lines beyond accounting-json2.jsonl: an EUR invoice paid after the rate moved (the
 * exchange difference entry closes it), payments in company currency, the wizard over invoices of two customers,
 * entries in company currency, statement lines' running balance and default date, a line of a foreign-currency journal
 * whose foreign amount is in the company currency (booked at that amount) matched with an entry, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
let eur = 0;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_payments');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' }, { now: () => new Date('2026-12-01T10:00:00Z') });
  drop = async () => { await sb.close(); await db.drop(); };
  eur = (await ok('res.currency/search_read', { domain: [['name', '=', 'EUR']], fields: ['id'], context: { active_test: false } }))[0].id;
  await ok('res.currency/write', { ids: [eur], vals: { active: true } });
  await ok('res.currency.rate/create', { vals_list: [{ currency_id: eur, name: '2026-11-01', rate: 0.9 }, { currency_id: eur, name: '2026-12-05', rate: 0.95 }] });
});
afterAll(async () => drop());

async function ok(path: string, body: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const create = async (model: string, vals: object, context: object = {}): Promise<number> => (await ok(`${model}/create`, { vals_list: [vals], context }))[0];
const readOne = async (model: string, id: number, fields: string[]) => (await ok(`${model}/read`, { ids: [id], fields }))[0];

async function invoice(partner: number, amount: number, currency?: number): Promise<number> {
  const id = await create('account.move', { move_type: 'out_invoice', partner_id: partner, invoice_date: '2026-12-01', ...(currency ? { currency_id: currency } : {}),
    invoice_line_ids: [[0, 0, { name: 'Gadget', quantity: 1, price_unit: amount, tax_ids: [[6, 0, []]] }]] });
  await ok('account.move/action_post', { ids: [id] });
  return id;
}
const register = async (moves: number[], vals: object) => {
  const ctx = { active_model: 'account.move', active_ids: moves };
  const wizard = await create('account.payment.register', vals, ctx);
  return ok('account.payment.register/action_create_payments', { ids: [wizard], context: ctx });
};

describe('payments', () => {
  it('pays an EUR invoice after the rate moved: an exchange difference entry closes it', async () => {
    const partner = await create('res.partner', { name: 'FX customer' });
    const inv = await invoice(partner, 100, eur);
    const bank = (await ok('account.journal/search_read', { domain: [['code', '=', 'BNK1']], fields: ['id'] }))[0].id;
    const action = await register([inv], { journal_id: bank, payment_date: '2026-12-05', currency_id: eur });
    expect(action).toMatchObject({ res_model: 'account.payment', view_mode: 'form' });
    const pay = await readOne('account.payment', action.res_id, ['amount', 'state', 'is_reconciled', 'name', 'move_id']);
    expect(pay).toMatchObject({ amount: 100, state: 'in_process', is_reconciled: true, name: 'PBNK1/2026/00001' });
    expect(await readOne('account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    const items = await ok('account.move.line/search_read', { domain: [['move_id', '=', inv], ['display_type', '=', 'payment_term']],
      fields: ['amount_residual', 'reconciled', 'matching_number', 'full_reconcile_id'] });
    expect(items[0]).toMatchObject({ amount_residual: 0, reconciled: true });
    expect(items[0].matching_number).toMatch(/^\d+$/);
    // 100 EUR booked at 0.9 (111.11 USD) and received at 0.95 (105.26 USD): 5.85 lost
    const exch = await ok('account.move/search_read', { domain: [['journal_id', '=', 4]], fields: ['name', 'state', 'date'] });
    expect(exch).toEqual([expect.objectContaining({ name: 'EXCH/2026/12/0001', state: 'posted', date: '2026-12-05' })]);
    const lines = await ok('account.move.line/search_read', { domain: [['move_id', '=', exch[0].id]], fields: ['account_id', 'debit', 'credit', 'amount_currency'] });
    expect(lines.map((l: { account_id: [number, string]; debit: number; credit: number }) => [l.account_id[1], l.debit, l.credit]))
      .toEqual([['Account Receivable', 0, 5.85], ['Foreign Exchange Loss', 5.85, 0]]);
    // Odoo 19 links the exchange entry to the full reconcile it closed (`exchange_move_id`)
    const [full] = await ok('account.full.reconcile/read', { ids: [items[0].full_reconcile_id[0]], fields: ['exchange_move_id'] });
    expect(full.exchange_move_id[0]).toBe(exch[0].id);
    const widget = (await readOne('account.move', inv, ['invoice_payments_widget'])).invoice_payments_widget;
    expect(widget.content.map((c: { is_exchange: boolean; amount: number }) => [c.is_exchange, c.amount])).toEqual([[false, 100], [true, 0]]);
  });

  it('pays part of a USD invoice, then the rest; matched payments newest first', async () => {
    const partner = await create('res.partner', { name: 'USD customer' });
    const inv = await invoice(partner, 50);
    await register([inv], { amount: 20, payment_date: '2026-12-01', communication: 'first' });
    const half = await readOne('account.move', inv, ['payment_state', 'amount_residual', 'matched_payment_ids']);
    expect(half).toMatchObject({ payment_state: 'partial', amount_residual: 30 });
    const wizard = await create('account.payment.register', {}, { active_model: 'account.move', active_ids: [inv] });
    expect(await ok('account.payment.register/read', { ids: [wizard], fields: ['amount', 'payment_difference', 'journal_id', 'communication'] }))
      .toEqual([expect.objectContaining({ amount: 30, payment_difference: 0, journal_id: [expect.any(Number), 'Bank'] })]);
    await ok('account.payment.register/action_create_payments', { ids: [wizard], context: { active_model: 'account.move', active_ids: [inv] } });
    const paid = await readOne('account.move', inv, ['payment_state', 'amount_residual', 'matched_payment_ids']);
    expect(paid).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    expect(paid.matched_payment_ids).toHaveLength(2);
    expect(paid.matched_payment_ids[1]).toBe(half.matched_payment_ids[0]);
  });

  it('pays invoices of two customers with one payment each, and refuses a write-off or nothing to pay', async () => {
    const a = await invoice(await create('res.partner', { name: 'Customer A' }), 10);
    const b = await invoice(await create('res.partner', { name: 'Customer B' }), 15);
    const action = await register([a, b], {});
    expect(action).toMatchObject({ view_mode: 'list,form', domain: [['id', 'in', [expect.any(Number), expect.any(Number)]]] });
    const pays = await ok('account.payment/read', { ids: action.domain[0][2], fields: ['amount', 'partner_id'] });
    expect(pays.map((p: { amount: number }) => p.amount).sort()).toEqual([10, 15]);
    const again = await json2(sb, 'account.payment.register/create', { vals_list: [{}], context: { active_model: 'account.move', active_ids: [a] } });
    expect(again.status).toBe(422);
    expect(again.body.message).toBe("You can't register a payment because there is nothing left to pay on the selected journal items.");
    const c = await invoice(await create('res.partner', { name: 'Customer C' }), 10);
    const ctx = { active_model: 'account.move', active_ids: [c] };
    const w = await create('account.payment.register', { amount: 9, payment_difference_handling: 'reconcile' }, ctx);
    expect((await json2(sb, 'account.payment.register/action_create_payments', { ids: [w], context: ctx })).status).toBe(422);
  });
});

describe('entries and bank statement lines', () => {
  it('balances an entry given in company currency and refuses one that does not add up', async () => {
    const id = await create('account.move', { move_type: 'entry', journal_id: 3, date: '2026-12-01', line_ids: [
      [0, 0, { account_id: 36, name: 'fee', debit: 12.5 }], [0, 0, { account_id: 45, name: 'bank', credit: 12.5 }]] });
    expect(await readOne('account.move', id, ['amount_total', 'amount_total_signed', 'name'])).toMatchObject({ amount_total: 12.5, amount_total_signed: 12.5, name: false });
    await ok('account.move/action_post', { ids: [id] });
    expect((await readOne('account.move', id, ['name'])).name).toBe('MISC/2026/12/0001');
    const bad = await json2(sb, 'account.move/create', { vals_list: [{ move_type: 'entry', journal_id: 3, line_ids: [[0, 0, { account_id: 36, debit: 1 }]] }] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'The entry is not balanced.' });
  });

  it('converts each item of a foreign-currency entry on its own: an entry off by a cent in company currency is refused, the same with given balances kept', async () => {
    // 0.05 EUR at 0.9 = 0.0556 -> 0.06 USD twice, -0.10 EUR = -0.1111 -> -0.11 USD: 0.01 USD left over (Odoo's `_inverse_amount_currency`)
    const line = (amount: number, balance?: number) => [0, 0, { account_id: 36, name: 'x', amount_currency: amount, currency_id: eur, ...(balance === undefined ? {} : { balance }) }];
    const vals = { move_type: 'entry', journal_id: 3, date: '2026-12-01', currency_id: eur };
    const off = await json2(sb, 'account.move/create', { vals_list: [{ ...vals, line_ids: [line(0.05), line(0.05), line(-0.1)] }] });
    expect(off.status).toBe(422);
    expect(off.body).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'The entry is not balanced.' });
    const id = await create('account.move', { ...vals, line_ids: [line(0.05, 0.06), line(0.05, 0.06), line(-0.1, -0.12)] });
    const items = await ok('account.move.line/search_read', { domain: [['move_id', '=', id]], fields: ['amount_currency', 'balance'], order: 'id' });
    expect(items.map((i: { amount_currency: number; balance: number }) => [i.amount_currency, i.balance])).toEqual([[0.05, 0.06], [0.05, 0.06], [-0.1, -0.12]]);
  });

  it('refuses statement lines until the user is in "Basic", then posts each with a running balance', async () => {
    const vals = { journal_id: 6, payment_ref: 'payout', amount: 40 };
    const refused = await json2(sb, 'account.bank.statement.line/create', { vals_list: [vals] });
    expect(refused.status).toBe(403);
    expect(refused.body.name).toBe('odoo.exceptions.AccessError');
    const basic = (await ok('ir.model.data/search_read', { domain: [['module', '=', 'account'], ['name', '=', 'group_account_basic']], fields: ['res_id'] }))[0].res_id;
    await ok('res.users/write', { ids: [2], vals: { group_ids: [[4, basic]] } });
    const ids = await ok('account.bank.statement.line/create', { vals_list: [vals, { ...vals, amount: -15, date: '2026-12-03' }] });
    const read = await ok('account.bank.statement.line/read', { ids, fields: ['date', 'running_balance', 'amount_residual', 'is_reconciled', 'move_id', 'currency_id'] });
    expect(read.map((l: { date: string; running_balance: number; amount_residual: number }) => [l.date, l.running_balance, l.amount_residual]))
      .toEqual([['2026-12-01', 40, -40], ['2026-12-03', 25, 15]]);
    expect(read[0].move_id[1]).toBe('BNK1/2026/00001');
    expect(read[0].currency_id[1]).toBe('USD');
  });

  it('books a line of a foreign-currency journal whose foreign amount is in the company currency at that amount, and matches it with an entry', async () => {
    const usd = (await ok('res.company/read', { ids: [1], fields: ['currency_id'] }))[0].currency_id[0];
    const journal = await create('account.journal', { name: 'Bank EUR', code: 'BNKE', type: 'bank', currency_id: eur });
    // 97.31 EUR arrived for 90.00 USD owed: Odoo books 90.00 (the foreign amount in the company currency), not the rate's 108.12.
    const line = await create('account.bank.statement.line', { journal_id: journal, payment_ref: 'payout EUR', amount: 97.31, foreign_currency_id: usd, amount_currency: 90, date: '2026-12-02' });
    const [st] = await ok('account.bank.statement.line/read', { ids: [line], fields: ['move_id', 'amount_residual', 'is_reconciled'] });
    const items = async () => ok('account.move.line/search_read', { domain: [['move_id', '=', st.move_id[0]]], fields: ['account_id', 'balance', 'amount_currency', 'currency_id', 'reconciled'], order: 'id' });
    expect((await items()).map((i: { balance: number; amount_currency: number; currency_id: [number, string] }) => [i.balance, i.amount_currency, i.currency_id[1]]))
      .toEqual([[90, 97.31, 'EUR'], [-90, -90, 'USD']]);
    expect([st.amount_residual, st.is_reconciled]).toEqual([-90, false]);
    // The community way to match it with an existing item: the suspense item moved to that item's account, then reconciled.
    const transfers = await create('account.account', { code: '101420', name: 'Amazon Transfers', account_type: 'asset_current', reconcile: true });
    const target = await create('account.move', { move_type: 'entry', journal_id: 3, date: '2026-12-02', line_ids: [
      [0, 0, { account_id: transfers, name: 'deposit', debit: 90 }], [0, 0, { account_id: 36, name: 'other side', credit: 90 }]] });
    await ok('account.move/action_post', { ids: [target] });
    const [deposit] = await ok('account.move.line/search_read', { domain: [['move_id', '=', target], ['account_id', '=', transfers]], fields: ['id'] });
    const suspense = (await items())[1];
    await ok('account.move/button_draft', { ids: [st.move_id[0]] });
    await ok('account.move/write', { ids: [st.move_id[0]], vals: { line_ids: [[1, suspense.id, { account_id: transfers }]] } });
    await ok('account.move/action_post', { ids: [st.move_id[0]] });
    await ok('account.move.line/reconcile', { ids: [suspense.id, deposit.id] });
    const [after] = await ok('account.bank.statement.line/read', { ids: [line], fields: ['amount_residual', 'is_reconciled'] });
    expect([after.amount_residual, after.is_reconciled]).toEqual([0, true]);
    expect((await items())[1]).toMatchObject({ account_id: [transfers, expect.any(String)], reconciled: true });
  });
});

describe('the ledger of invoices and bills', () => {
  const items = async (move: number) => (await ok('account.move.line/search_read', { domain: [['move_id', '=', move]],
    fields: ['account_id', 'display_type', 'debit', 'credit'] })).map((l: { account_id: [number, string]; display_type: string; debit: number; credit: number }) =>
    [l.account_id[1], l.display_type, l.debit, l.credit]);

  it('books a taxed invoice balanced: sales, the tax item on Tax Received, the receivable', async () => {
    const partner = await create('res.partner', { name: 'Taxed customer' });
    const tax = (await ok('account.tax/search_read', { domain: [['name', '=', '15%'], ['type_tax_use', '=', 'sale']], fields: ['id'] }))[0].id;
    const inv = await create('account.move', { move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [
      [0, 0, { name: 'A', quantity: 1, price_unit: 100, tax_ids: [[6, 0, [tax]]] }], [0, 0, { name: 'B', quantity: 2, price_unit: 10, tax_ids: [[6, 0, [tax]]] }]] });
    expect(await items(inv)).toEqual([
      ['Product Sales', 'product', 0, 100], ['Product Sales', 'product', 0, 20], ['Tax Received', 'tax', 0, 18], ['Account Receivable', 'payment_term', 138, 0]]);
    // editing a line moves the tax item (kept, not replaced) and the receivable
    const lines = (await readOne('account.move', inv, ['invoice_line_ids'])).invoice_line_ids;
    await ok('account.move/write', { ids: [inv], vals: { invoice_line_ids: [[1, lines[1], { quantity: 1 }]] } });
    expect((await items(inv)).slice(2)).toEqual([['Tax Received', 'tax', 0, 16.5], ['Account Receivable', 'payment_term', 126.5, 0]]);
  });

  it('books a vendor bill on the purchase journal and the payable, and pays it outbound', async () => {
    const vendor = await create('res.partner', { name: 'Amazon EU' });
    const bill = await create('account.move', { move_type: 'in_invoice', partner_id: vendor, invoice_date: '2026-12-01',
      invoice_line_ids: [[0, 0, { name: 'Referral fee', quantity: 1, price_unit: 15, tax_ids: [[6, 0, []]] }]] });
    await ok('account.move/action_post', { ids: [bill] });
    expect(await readOne('account.move', bill, ['name', 'journal_id', 'amount_total_signed'])).toMatchObject({ name: 'BILL/2026/12/0001', journal_id: [2, 'Purchases'], amount_total_signed: -15 });
    expect(await items(bill)).toEqual([['Expenses', 'product', 15, 0], ['Account Payable', 'payment_term', 0, 15]]);
    const action = await register([bill], {});
    expect(await readOne('account.payment', action.res_id, ['payment_type', 'partner_type', 'outstanding_account_id']))
      .toMatchObject({ payment_type: 'outbound', partner_type: 'supplier', outstanding_account_id: [49, 'Outstanding Payments'] });
    expect(await readOne('account.move', bill, ['payment_state'])).toMatchObject({ payment_state: 'paid' });
  });

  it('refuses a bill without bill date and one with a negative total (Odoo 19\'s _post); a price-included purchase tax splits the VAT out; paid by an entry on the payable', async () => {
    const vendor = await create('res.partner', { name: 'Amazon fees vendor' });
    const refused = async (id: number, message: string) => {
      const r = await json2(sb, 'account.move/action_post', { ids: [id] });
      expect(r.status).toBe(422);
      expect((r.body as { message: string }).message).toContain(message);
    };
    const undated = await create('account.move', { move_type: 'in_invoice', partner_id: vendor, invoice_line_ids: [[0, 0, { name: 'Fee', quantity: 1, price_unit: 10, tax_ids: [[6, 0, []]] }]] });
    await refused(undated, 'The Bill/Refund date is required to validate this document.');
    const negative = await create('account.move', { move_type: 'in_invoice', partner_id: vendor, invoice_date: '2026-12-01',
      invoice_line_ids: [[0, 0, { name: 'Fee given back', quantity: 1, price_unit: -10, tax_ids: [[6, 0, []]] }]] });
    await refused(negative, 'You cannot validate an invoice with a negative total amount.');
    const [group] = await ok('account.tax.group/search', { domain: [] });
    const tax = await create('account.tax', { name: 'Fees VAT 20% incl.', amount_type: 'percent', amount: 20, type_tax_use: 'purchase', price_include_override: 'tax_included', tax_group_id: group });
    const bill = await create('account.move', { move_type: 'in_invoice', partner_id: vendor, invoice_date: '2026-12-01',
      invoice_line_ids: [[0, 0, { name: 'Referral fees', quantity: 1, price_unit: 10, tax_ids: [[6, 0, [tax]]] }], [0, 0, { name: 'Storage', quantity: 1, price_unit: 2, tax_ids: [[6, 0, [tax]]] }]] });
    await ok('account.move/action_post', { ids: [bill] });
    expect(await readOne('account.move', bill, ['amount_untaxed', 'amount_tax', 'amount_total'])).toMatchObject({ amount_untaxed: 10, amount_tax: 2, amount_total: 12 });
    expect(await items(bill)).toEqual([['Expenses', 'product', 8.33, 0], ['Expenses', 'product', 1.67, 0], ['Tax Paid', 'tax', 2, 0], ['Account Payable', 'payment_term', 0, 12]]);
    const entry = await create('account.move', { move_type: 'entry', journal_id: 3, date: '2026-12-02', line_ids: [
      [0, 0, { account_id: 15, partner_id: vendor, name: 'Amazon fees', debit: 12 }], [0, 0, { account_id: 48, name: 'paid', credit: 12 }]] });
    await ok('account.move/action_post', { ids: [entry] });
    const payable = await ok('account.move.line/search', { domain: [['move_id', 'in', [bill, entry]], ['account_id', '=', 15]] });
    await ok('account.move.line/reconcile', { ids: payable });
    expect(await readOne('account.move', bill, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
  });
});

describe('undoing a reconciliation with an exchange difference', () => {
  it('reverses the exchange entry when the invoice goes back to draft', async () => {
    const partner = await create('res.partner', { name: 'FX undo customer' });
    const inv = await invoice(partner, 50, eur);
    await register([inv], { journal_id: 6, payment_date: '2026-12-05', currency_id: eur });
    const before = await ok('account.move/search_read', { domain: [['journal_id', '=', 4]], fields: ['id'] });
    await ok('account.move/button_draft', { ids: [inv] });
    const after = await ok('account.move/search_read', { domain: [['journal_id', '=', 4]], fields: ['name', 'ref', 'state'] });
    expect(after).toHaveLength(before.length + 1);
    const reversal = after.find((m: { ref: string | false }) => typeof m.ref === 'string' && m.ref.startsWith('Reversal of: EXCH/'));
    expect(reversal).toMatchObject({ state: 'posted' });
    // the exchange items on the receivable are closed by the reversal; the payment's item is open again
    const open = await ok('account.move.line/search_read', { domain: [['partner_id', '=', partner], ['account_type', '=', 'asset_receivable'], ['reconciled', '=', false], ['move_id', '!=', inv]],
      fields: ['amount_residual_currency', 'move_id'] });
    expect(open.map((l: { amount_residual_currency: number }) => l.amount_residual_currency)).toEqual([-50]);
  });
});
