/**
 * Amazon's fees posted as vendor bills from Amazon (issue 16, "Posting to the ERP"; `settlements.postingFeesAs`
 * vendorBills, the default), against the ERP sandbox over both faces (JSON-2 and JSON-RPC): a settlement of an FBA
 * order the connector never imported, its referral and fulfilment fees, a refund administration fee, the monthly
 * subscription, storage, advertising and a reimbursement, stored from Amazon's flat file. Posted: ONE bill from the
 * partner "Amazon" (found or created by its ref) in the purchase journal, a line per fee type on the fee account,
 * the VAT Amazon charges split out by a price-included purchase tax; the settlement's entry pays it through Amazon's
 * payable account and the two are reconciled (the bill shows paid). A crash right after the bill's create finds it
 * by ref (one bill); a rerun makes nothing; a changed settlement whose fees net to a credit bills its difference
 * once, as a vendor refund. Journal lines (the option) for a settlement posted after the switch; one already billed
 * keeps its bills.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Readable } from 'node:stream';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { readFlatFile } from '../connector/src/amazon/report-flat-file.ts';
import { SETTLEMENT_SPEC } from '../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../connector/src/sync/settlements/store-settlement.ts';
import { postSettlement } from '../connector/src/sync/settlements/posting/index.ts';
import { vatSplit } from '../connector/src/sync/settlements/posting/posting-plan.ts';

const DE = 'A1PA6795UKMFR9';
const SETTLEMENT = '777000111';
const RATE = 17;
const cents = (x: unknown) => Math.round(Number(x) * 100);

/** The fees of the settlement (Amazon's signs: negative = charged to the seller), per bill line. */
const FEES: Record<string, number> = {
  'Referral fees': -1500, 'FBA fulfilment fees': -310, 'Refund administration fees': -150, 'Subscription fees': -3900, 'FBA storage fees': -120, Advertising: -2000,
};
const FEES_TOTAL = -Object.values(FEES).reduce((a, v) => a + v, 0); // 79.80 owed to Amazon

function flatFile(): string {
  const cells = (c: Record<string, string>) => SETTLEMENT_SPEC.columns.map((k) => c[k] ?? '').join('\t');
  const order = (type: string, amountType: string, description: string, amount: string) =>
    cells({ 'transaction-type': type, 'order-id': '305-0000001-0000001', 'marketplace-name': 'Amazon.de', 'amount-type': amountType, 'amount-description': description, amount });
  const other = (amountType: string, description: string, amount: string, type = 'other-transaction') =>
    cells({ 'transaction-type': type, 'amount-type': amountType, 'amount-description': description, amount });
  const lines = [
    order('Order', 'ItemPrice', 'Principal', '100.00'), order('Order', 'ItemFees', 'Commission', '-15.00'), order('Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', '-3.10'),
    order('Refund', 'ItemFees', 'RefundCommission', '-1.50'),
    other('other-transaction', 'Subscription Fee', '-39.00'), other('other-transaction', 'Storage Fee', '-1.20'),
    other('Cost of Advertising', 'TransactionTotalAmount', '-20.00', 'ServiceFee'), other('FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', '8.00'),
  ];
  const total = (100 - 15 - 3.1 - 1.5 - 39 - 1.2 - 20 + 8).toFixed(2);
  return [SETTLEMENT_SPEC.columns.join('\t'), cells({ 'settlement-id': SETTLEMENT, 'settlement-start-date': '2026-11-01 00:00:00 UTC',
    'settlement-end-date': '2026-11-15 00:00:00 UTC', 'deposit-date': '2026-11-17 00:00:00 UTC', 'total-amount': total, currency: 'EUR' }), ...lines].join('\n') + '\n';
}

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`Amazon's fees as vendor bills (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let api: ApiHandle;

    beforeAll(async () => {
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `settlements-bills-${erpTransport}`, erpTransport });
      await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { settlements: { postingEnabled: true, postingFeeVatRates: { EUR: RATE } } } });
      const text = flatFile();
      await storeSettlement(stack.env.db.pool, stack.env.core.conflicts, stack.backendId, { reportId: `bills-${erpTransport}`, marketplaceId: DE },
        readFlatFile({ body: Readable.from([Buffer.from(text)]), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC));
      api = await startApi(stack);
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await stack?.close();
    });

    const db = () => stack.env.db.pool;
    const ledger = async () => (await db().query(`select kind, version, chunk_no, ref, state, move_id, reconciled_at, amounts from settlement_posting
      where backend_id = $1 and settlement_id = $2 order by version, chunk_no`, [stack.backendId, SETTLEMENT])).rows;
    const billsByRef = (ref: string) => stack.erpClient.searchRead('account.move', [['ref', '=', ref], ['move_type', 'in', ['in_invoice', 'in_refund']]],
      ['state', 'move_type', 'payment_state', 'amount_total', 'amount_tax', 'amount_untaxed', 'amount_residual', 'journal_id', 'partner_id', 'invoice_date', 'currency_id']);
    const linesOf = (moveId: number) => stack.erpClient.searchRead('account.move.line', [['move_id', '=', moveId]],
      ['name', 'display_type', 'account_id', 'price_unit', 'tax_ids', 'amount_currency', 'reconciled', 'partner_id']);
    /** The company's rounding of taxes decides how the per-line splits add up (Odoo: per line, or on the total). */
    const expectedTax = async (grossMinors: number[]) => {
      const [c] = await stack.erpClient.searchRead('res.company', [], ['tax_calculation_rounding_method'], { limit: 1 });
      return c!.tax_calculation_rounding_method === 'round_globally'
        ? Number(vatSplit(BigInt(grossMinors.reduce((a, v) => a + v, 0)), RATE).taxMinor)
        : grossMinors.reduce((a, g) => a + Number(vatSplit(BigInt(g), RATE).taxMinor), 0);
    };

    it('posts ONE bill from Amazon (a crash after its create found by ref), a line per fee type with its VAT, paid by the settlement\'s entry', async () => {
      await expect(postSettlement(stack.env, stack.backendId, SETTLEMENT, { afterBillCreate: () => { throw new Error('crash'); } })).rejects.toThrow('crash');
      const crashed = await ledger();
      const billRow = crashed.find((r) => r.kind === 'bill')!;
      expect(billRow).toMatchObject({ ref: `AMZ-SET ${SETTLEMENT} v1 fees`, state: 'creating', chunk_no: 0 });
      expect(crashed.filter((r) => r.kind === 'entry').every((r) => r.state === 'posted')).toBe(true);
      const [draft] = await billsByRef(billRow.ref);
      expect(draft?.state).toBe('draft');

      const outcome = await postSettlement(stack.env, stack.backendId, SETTLEMENT);
      expect(outcome.bills).toEqual({ created: 0, foundByRef: 1, reconciled: 1 });
      const bills = await billsByRef(billRow.ref);
      expect(bills).toHaveLength(1);
      const bill = bills[0]!;
      expect(bill.id).toBe(draft!.id);
      expect(bill).toMatchObject({ state: 'posted', move_type: 'in_invoice', payment_state: 'paid', invoice_date: '2026-11-15' });
      expect((bill.currency_id as [number, string])[1]).toBe('EUR');
      expect(cents(bill.amount_total)).toBe(FEES_TOTAL);
      expect(cents(bill.amount_residual)).toBe(0);
      const grosses = Object.values(FEES).map((v) => -v);
      const tax = await expectedTax(grosses);
      expect(cents(bill.amount_tax)).toBe(tax);
      expect(cents(bill.amount_untaxed)).toBe(FEES_TOTAL - tax);
      // the purchase journal (a fresh Odoo's BILL), the vendor Amazon by its ref
      const [journal] = await stack.erpClient.read('account.journal', [(bill.journal_id as [number])[0]], ['type']);
      expect(journal!.type).toBe('purchase');
      const vendors = await stack.erpClient.searchRead('res.partner', [['ref', '=', 'AMAZON-FEES']], ['name', 'property_account_payable_id']);
      expect(vendors).toHaveLength(1);
      expect(vendors[0]!.name).toBe('Amazon');
      expect((bill.partner_id as [number])[0]).toBe(vendors[0]!.id);
      const [taxRecord] = await stack.erpClient.searchRead('account.tax', [['type_tax_use', '=', 'purchase'], ['name', '=', `Amazon fees VAT ${RATE}% incl.`]], ['amount', 'price_include']);
      expect(taxRecord).toMatchObject({ amount: RATE, price_include: true });
      // a line per fee type on the fees account (620100), Amazon's amount as its price, the VAT tax on each
      const [fees] = await stack.erpClient.search('account.account', [['code', '=', '620100']]);
      const items = await linesOf(bill.id);
      const products = items.filter((i) => i.display_type === 'product');
      expect(Object.fromEntries(products.map((i) => [i.name, cents(i.price_unit)]))).toEqual(Object.fromEntries(Object.entries(FEES).map(([k, v]) => [k, -v])));
      expect(products.every((i) => (i.account_id as [number])[0] === fees && JSON.stringify(i.tax_ids) === JSON.stringify([taxRecord!.id]))).toBe(true);
      expect(cents(items.filter((i) => i.display_type === 'tax').reduce((a, i) => a + Number(i.amount_currency), 0))).toBe(tax);
      const payable = (vendors[0]!.property_account_payable_id as [number])[0];
      const billPayable = items.filter((i) => (i.account_id as [number])[0] === payable);
      expect(billPayable.map((i) => [cents(i.amount_currency), i.reconciled])).toEqual([[-FEES_TOTAL, true]]);
      // the entry: the fees on Amazon's payable (partner Amazon), reconciled with the bill; no fee account line; clearing at zero
      const rows = await ledger();
      expect(rows.every((r) => r.state === 'posted' && r.move_id !== null && r.reconciled_at !== null)).toBe(true);
      const entryIds = rows.filter((r) => r.kind === 'entry').map((r) => r.move_id as number);
      const entryItems = await stack.erpClient.searchRead('account.move.line', [['move_id', 'in', entryIds]], ['account_id', 'amount_currency', 'partner_id', 'reconciled']);
      const onPayable = entryItems.filter((i) => (i.account_id as [number])[0] === payable);
      expect(onPayable.map((i) => [cents(i.amount_currency), (i.partner_id as [number])[0], i.reconciled])).toEqual([[FEES_TOTAL, vendors[0]!.id, true]]);
      expect(entryItems.some((i) => (i.account_id as [number])[0] === fees)).toBe(false);
      const [clearing] = await stack.erpClient.search('account.account', [['code', '=', '101410']]);
      expect(entryItems.filter((i) => (i.account_id as [number])[0] === clearing).reduce((a, i) => a + cents(i.amount_currency), 0)).toBe(0);
      // the posting view shows the bill
      const view = await api.get<{ state: string; bills: unknown[]; entries: unknown[] }>(`/api/backends/${stack.backendId}/settlements/${SETTLEMENT}/posting`);
      expect(view.body.state).toBe('posted');
      expect(view.body.entries).toHaveLength(entryIds.length);
      expect(view.body.bills).toEqual([{ version: 1, ref: billRow.ref, state: 'posted', moveId: bill.id, moveType: 'in_invoice', lineCount: 6,
        total: (FEES_TOTAL / 100).toFixed(2), reconciled: true }]);
    });

    it('a rerun makes nothing', async () => {
      const before = await ledger();
      const again = await postSettlement(stack.env, stack.backendId, SETTLEMENT);
      expect(again).toMatchObject({ version: null, created: 0, foundByRef: 0, bills: { created: 0, foundByRef: 0, reconciled: 0 } });
      expect(await ledger()).toEqual(before);
      expect(await stack.erpClient.search('account.move', [['move_type', 'in', ['in_invoice', 'in_refund']]])).toHaveLength(1);
    });

    it('a changed settlement whose fees net to a credit bills its difference once, as a vendor refund, paid by the correcting entry', async () => {
      // Amazon gives back 30.00 of referral fees and charges 1.00 more storage: 29.00 back to the seller.
      await db().query(`insert into settlement_line (backend_id, settlement_id, line_no, transaction_type, amount_type, amount_description, amount_minor)
        select backend_id, settlement_id, max(line_no) + 1, 'other-transaction', 'ItemFees', 'Commission', 3000 from settlement_line where backend_id = $1 and settlement_id = $2 group by 1, 2
        union all select backend_id, settlement_id, max(line_no) + 2, 'other-transaction', 'other-transaction', 'Storage Fee', -100 from settlement_line
         where backend_id = $1 and settlement_id = $2 group by 1, 2`, [stack.backendId, SETTLEMENT]);
      await db().query(`update settlement set total_minor = total_minor + 2900, content_hash = 'changed-by-test', state = 'changed' where backend_id = $1 and settlement_id = $2`,
        [stack.backendId, SETTLEMENT]);
      const outcome = await postSettlement(stack.env, stack.backendId, SETTLEMENT);
      expect(outcome).toMatchObject({ version: 2, created: 1, bills: { created: 1, foundByRef: 0, reconciled: 1 } });
      const [refund, ...more] = await billsByRef(`AMZ-SET ${SETTLEMENT} v2 fees`);
      expect(more).toEqual([]);
      // Settled by the correcting entry alone: Odoo 19's _compute_payment_state says `reversed` for a credit note (in or
      // out) whose only counterparts are journal entries (its misc_reverse rule), not `paid`.
      expect(refund).toMatchObject({ state: 'posted', move_type: 'in_refund', payment_state: 'reversed' });
      expect(cents(refund!.amount_total)).toBe(2900);
      expect(cents(refund!.amount_tax)).toBe(await expectedTax([3000, -100]));
      const products = (await linesOf(refund!.id)).filter((i) => i.display_type === 'product');
      expect(Object.fromEntries(products.map((i) => [i.name, cents(i.price_unit)]))).toEqual({ 'Referral fees': 3000, 'FBA storage fees': -100 });
      expect((await postSettlement(stack.env, stack.backendId, SETTLEMENT)).bills).toEqual({ created: 0, foundByRef: 0, reconciled: 0 });
      expect(await stack.erpClient.search('account.move', [['move_type', 'in', ['in_invoice', 'in_refund']]])).toHaveLength(2);
      const view = await api.get<{ state: string; bills: Array<{ moveType: string; total: string; reconciled: boolean }> }>(
        `/api/backends/${stack.backendId}/settlements/${SETTLEMENT}/posting`);
      expect(view.body.state).toBe('posted');
      expect(view.body.bills.map((b) => [b.moveType, b.total, b.reconciled])).toEqual([['in_invoice', '79.80', true], ['in_refund', '29.00', true]]);
    });

    it('journal lines (the option) for the settlements posted from then on; one already billed keeps its bills', async () => {
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingFeesAs: 'journalLines' } } });
      const cells = (c: Record<string, string>) => SETTLEMENT_SPEC.columns.map((k) => c[k] ?? '').join('\t');
      const text = [SETTLEMENT_SPEC.columns.join('\t'), cells({ 'settlement-id': '777000222', 'settlement-start-date': '2026-11-15 00:00:00 UTC',
        'settlement-end-date': '2026-11-29 00:00:00 UTC', 'deposit-date': '2026-12-01 00:00:00 UTC', 'total-amount': '-39.00', currency: 'EUR' }),
        cells({ 'transaction-type': 'other-transaction', 'amount-type': 'other-transaction', 'amount-description': 'Subscription Fee', amount: '-39.00' })].join('\n') + '\n';
      await storeSettlement(db(), stack.env.core.conflicts, stack.backendId, { reportId: `bills-lines-${erpTransport}`, marketplaceId: DE },
        readFlatFile({ body: Readable.from([Buffer.from(text)]), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC));
      const lines = await postSettlement(stack.env, stack.backendId, '777000222');
      expect(lines).toMatchObject({ version: 1, created: 1, bills: { created: 0 } });
      const { rows: [entry] } = await db().query(`select kind, move_id from settlement_posting where backend_id = $1 and settlement_id = '777000222'`, [stack.backendId]);
      expect(entry.kind).toBe('entry');
      const [fees] = await stack.erpClient.search('account.account', [['code', '=', '620100']]);
      const items = await stack.erpClient.searchRead('account.move.line', [['move_id', '=', entry.move_id]], ['account_id', 'amount_currency']);
      expect(items.filter((i) => (i.account_id as [number])[0] === fees).map((i) => cents(i.amount_currency))).toEqual([3900]);
      // the first settlement, changed again (1.00 more storage): still billed, its difference only
      await db().query(`insert into settlement_line (backend_id, settlement_id, line_no, transaction_type, amount_type, amount_description, amount_minor)
        select backend_id, settlement_id, max(line_no) + 1, 'other-transaction', 'other-transaction', 'Storage Fee', -100 from settlement_line
         where backend_id = $1 and settlement_id = $2 group by 1, 2`, [stack.backendId, SETTLEMENT]);
      await db().query(`update settlement set total_minor = total_minor - 100, content_hash = 'changed-again' where backend_id = $1 and settlement_id = $2`, [stack.backendId, SETTLEMENT]);
      expect(await postSettlement(stack.env, stack.backendId, SETTLEMENT)).toMatchObject({ version: 3, bills: { created: 1, reconciled: 1 } });
      const [third] = await billsByRef(`AMZ-SET ${SETTLEMENT} v3 fees`);
      expect(third).toMatchObject({ move_type: 'in_invoice', payment_state: 'paid', amount_total: 1 });
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingFeesAs: 'vendorBills' } } });
    });
  });
}
