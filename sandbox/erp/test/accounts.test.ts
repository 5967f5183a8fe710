/**
 * Accounts and journals as accounting-json2.jsonl records Odoo 19 creating them (the part of that recording the
 * sandbox emulates so far): unique codes per company, the 500 for an unknown account type, receivable accounts
 * reconcilable by themselves, accounts named by their name alone.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_accounts');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe('account.account and account.journal create', () => {
  it('creates accounts, reconcilable when receivable, named by their name', async () => {
    const created = await json2(sb, 'account.account/create', { vals_list: [
      { code: '620100', name: 'Amazon Fees', account_type: 'expense' },
      { code: '101410', name: 'Amazon Clearing', account_type: 'asset_current', reconcile: true },
      { code: '121500', name: 'Amazon Receivable', account_type: 'asset_receivable' },
    ] });
    expect(created.status).toBe(200);
    const read = await json2(sb, 'account.account/read', { ids: created.body, fields: ['code', 'reconcile', 'display_name'] });
    expect(read.body.map((a: { reconcile: boolean; display_name: string }) => [a.reconcile, a.display_name]))
      .toEqual([[false, 'Amazon Fees'], [true, 'Amazon Clearing'], [true, 'Amazon Receivable']]);
  });

  it('refuses a code already used (422) and an unknown type (500, as Odoo words it)', async () => {
    const dup = await json2(sb, 'account.account/create', { vals_list: [{ code: '121000', name: 'Again', account_type: 'expense' }] });
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: "Account codes must be unique. You can't create accounts with these duplicate codes: 121000" });
    const twice = await json2(sb, 'account.account/create', { vals_list: [{ code: '700001', name: 'A', account_type: 'income' }, { code: '700001', name: 'B', account_type: 'income' }] });
    expect(twice.status).toBe(422);
    const bad = await json2(sb, 'account.account/create', { vals_list: [{ code: '620200', name: 'Wrong type', account_type: 'fees' }] });
    expect(bad.status).toBe(500);
    expect(bad.body).toMatchObject({ name: 'builtins.ValueError', message: "Wrong value for account.account.internal_group: 'fees'" });
  });

  it('refuses a journal code already used in the company', async () => {
    expect((await json2(sb, 'account.journal/create', { vals_list: [{ name: 'Amazon Settlements', type: 'general', code: 'AMZS' }] })).status).toBe(200);
    const again = await json2(sb, 'account.journal/create', { vals_list: [{ name: 'Amazon again', type: 'general', code: 'AMZS' }] });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Journal codes must be unique per company.' });
  });
});
