/**
 * Multi-currency settlements (issue 16), against both sandboxes over HTTP and both ERP faces: an EUR company (the
 * ERP's demo seed), a seller whose GBP settlements (amazon.co.uk) Amazon pays into its EUR bank account (Currency
 * Converter for Sellers: the sandbox's `depositCurrencies`). The period closes; the settlement is stored and matched
 * to its payout (OriginalTotal GBP, ConvertedTotal EUR); its entries are posted in GBP at the ERP's rate of the day
 * and balance in EUR too (each item's balance sent, the clearing line taking the rounding); the payout's bank line
 * is in EUR with the GBP total as its foreign amount, matched with Amazon transfers in full in GBP, and Odoo books
 * the exchange difference (EXCH journal, the full reconcile's `exchange_move_id`) that the posting API shows; the
 * reconciliation shows the payout's CURRENCY_CONVERSION with both amounts and the rate. A rerun posts nothing.
 * Then a payout where neither currency is the company's (GBP settlement, USD bank journal): also matched, its
 * exchange difference booked.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amazonAdmin, legacySellers } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { grantAccountingBasic, settlementWithConvertedPayout } from './support/settlement-payouts.ts';
import { sweepSettlements } from '../connector/src/sync/settlements/index.ts';
import { postSettlement } from '../connector/src/sync/settlements/posting/index.ts';

const UK = 'A1F83G8C2ARO7P';
const HOUR = 3_600_000;
const cents = (x: unknown) => Math.round(Number(x) * 100);
const sum = (xs: unknown[]) => xs.reduce<number>((a, x) => a + cents(x), 0);
/** The ERP's rates of the test (units per EUR): apart from the Amazon sandbox's GBP 0.8537, so the payout has an exchange difference. */
const ERP_GBP = 0.8412;
const ERP_USD = 1.0934;

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`a GBP settlement paid out in EUR to an EUR company (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let api: ApiHandle;
    let skewMs = 0;
    let settlementId: string;
    let gbpId: number;

    beforeAll(async () => {
      const plans = { getReports: { rate: 5, burst: 100 }, getReportDocument: { rate: 5, burst: 100 }, listFinancialEventGroups: { rate: 5, burst: 100 } };
      const sellers = legacySellers().map((s, i) => (i === 0 ? { ...s, depositCurrencies: { GBP: 'EUR' } } : s));
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `settlements-fx-${erpTransport}`, erpTransport, settings: { rateOverrides: plans },
        amazon: { sellers, now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, usagePlans: plans } });
      // Orders the connector never imports (FBA): their lines go to the "unmatched" account; several lines, several roundings.
      stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 6, marketplaceId: UK, fulfilledBy: 'AMAZON', status: 'SHIPPED', business: false });
      await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [UK], settings: { goLive: { settlements: { enabled: true } } } });
      gbpId = (await stack.erpClient.search('res.currency', [['name', '=', 'GBP']], { context: { active_test: false } }))[0]!;
      const [usdId] = await stack.erpClient.search('res.currency', [['name', '=', 'USD']], { context: { active_test: false } });
      const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      await stack.erpClient.create('res.currency.rate', [{ currency_id: gbpId, name: day, rate: ERP_GBP }, { currency_id: usdId!, name: day, rate: ERP_USD }]);
      // The bank line needs the accounting group "Basic" (Odoo's 403 otherwise).
      await grantAccountingBasic(stack);
      api = await startApi(stack);
    }, 180_000);
    afterAll(async () => {
      await api?.close();
      await stack?.close();
    });

    const transfersId = async () => (await stack.erpClient.search('account.account', [['code', '=', '101420']]))[0]!;

    it('the period closes: the GBP settlement is stored and matched to its payout converted into EUR', async () => {
      skewMs += HOUR;
      const made = (await amazonAdmin<{ settlements: { settlementId: string; currency: string }[] }>(stack.amazon, `settlements/${stack.sellerId}/close`, {})).settlements;
      skewMs += 25 * HOUR; // past the fund transfer date (a day after the period's end): Succeeded
      expect(made.map((s) => s.currency)).toEqual(['GBP']);
      settlementId = made[0]!.settlementId;
      await sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
      const { rows: [p] } = await stack.env.db.pool.query(`select p.* , s.total_minor, s.payout_state from settlement s join settlement_payout p on p.backend_id = s.backend_id and p.group_id = s.payout_group_id
        where s.backend_id = $1 and s.settlement_id = $2`, [stack.backendId, settlementId]);
      expect(p).toMatchObject({ payout_state: 'matched', original_currency: 'GBP', converted_currency: 'EUR', fund_transfer_status: 'Succeeded' });
      expect(Number(p.original_minor)).toBe(Number(p.total_minor));
      expect(Number(p.converted_minor)).toBe(Math.round(Number(p.total_minor) * 1.171372));
    });

    it('posted in GBP, every entry balanced in EUR as well; the bank line in EUR with the GBP total, matched, the exchange difference booked and shown', async () => {
      await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingEnabled: true, postingMaxLines: 10, postingBankLine: true } } });
      const outcome = await postSettlement(stack.env, stack.backendId, settlementId);
      expect(outcome.created).toBeGreaterThanOrEqual(1);
      const { rows: ledger } = await stack.env.db.pool.query(`select move_id from settlement_posting where backend_id = $1 and settlement_id = $2 and kind = 'entry'`, [stack.backendId, settlementId]);
      // The journal entries (Amazon's fee bill, the ledger's `bill` row, is converted by Odoo itself: its own lines).
      const moveIds = ledger.map((r) => r.move_id as number);
      const items = await stack.erpClient.searchRead('account.move.line', [['move_id', 'in', moveIds]], ['move_id', 'account_id', 'amount_currency', 'balance', 'currency_id', 'name']);
      let misconverted = 0;
      for (const id of moveIds) {
        const mine = items.filter((i) => (i.move_id as [number])[0] === id);
        expect(sum(mine.map((i) => i.amount_currency))).toBe(0);
        expect(sum(mine.map((i) => i.balance))).toBe(0);
        // every item but the clearing line at the ERP's rate (Odoo's own conversion); the clearing line off by the rounding only
        for (const i of mine) {
          expect((i.currency_id as [number, string])[1]).toBe('GBP');
          const off = Math.abs(cents(i.balance) - Math.round(Number(i.amount_currency) / ERP_GBP * 100));
          if (String(i.name).endsWith('clearing')) expect(off).toBeLessThanOrEqual(mine.length);
          else { expect(off).toBe(0); }
          if (off) misconverted++;
        }
      }
      expect(misconverted).toBeLessThanOrEqual(moveIds.length);
      // The bank line: EUR (the journal's and the company's), the settlement's GBP total as its foreign amount.
      const { rows: [s] } = await stack.env.db.pool.query(`select s.total_minor, s.bank_line_id, s.bank_line_state, s.bank_line_exchange_move_id, s.bank_line_exchange_minor, p.converted_minor
        from settlement s join settlement_payout p on p.backend_id = s.backend_id and p.group_id = s.payout_group_id where s.backend_id = $1 and s.settlement_id = $2`, [stack.backendId, settlementId]);
      expect(s.bank_line_state).toBe('reconciled');
      const [line] = await stack.erpClient.read('account.bank.statement.line', [s.bank_line_id], ['amount', 'amount_currency', 'foreign_currency_id', 'is_reconciled', 'move_id']);
      expect(cents(line!.amount)).toBe(Number(s.converted_minor));
      expect(cents(line!.amount_currency)).toBe(Number(s.total_minor));
      expect((line!.foreign_currency_id as [number, string])[1]).toBe('GBP');
      expect(line!.is_reconciled).toBe(true);
      // Amazon transfers: the deposit and the bank's item matched in full, one full reconcile carrying the exchange entry.
      const transfers = await transfersId();
      const bankMove = (line!.move_id as [number])[0];
      const tItems = await stack.erpClient.searchRead('account.move.line', [['account_id', '=', transfers], ['move_id', 'in', [...moveIds, bankMove]]],
        ['reconciled', 'amount_currency', 'balance', 'full_reconcile_id', 'move_id']);
      expect(tItems.every((i) => i.reconciled === true)).toBe(true);
      const booked = sum(tItems.filter((i) => (i.move_id as [number])[0] !== bankMove).map((i) => i.balance));
      const fullId = (tItems[0]!.full_reconcile_id as [number])[0];
      const [full] = await stack.erpClient.read('account.full.reconcile', [fullId], ['exchange_move_id']);
      const exchangeMove = (full!.exchange_move_id as [number])[0];
      expect(exchangeMove).toBe(s.bank_line_exchange_move_id);
      const [x] = await stack.erpClient.read('account.move', [exchangeMove], ['journal_id', 'state']);
      expect(x).toMatchObject({ state: 'posted' });
      expect((x!.journal_id as [number, string])[1]).toMatch(/Exchange/);
      // The gain (+) or loss (-): what reached the bank in EUR less what the deposit was booked at in EUR.
      expect(Number(s.bank_line_exchange_minor)).toBe(Number(s.converted_minor) - booked);
      expect(Number(s.bank_line_exchange_minor)).not.toBe(0);
      expect(outcome.bankLine).toMatchObject({ state: 'reconciled', created: true, exchange: { moveId: exchangeMove, currency: 'EUR' } });
      const view = await api.get<{ bankLine: { exchange: { moveId: number; amount: string; currency: string } } }>(`/api/backends/${stack.backendId}/settlements/${settlementId}/posting`);
      expect(view.body.bankLine.exchange).toEqual({ moveId: exchangeMove, amount: (Number(s.bank_line_exchange_minor) / 100).toFixed(2), currency: 'EUR' });
      // Nothing left open on Amazon transfers.
      expect(await stack.erpClient.searchRead('account.move.line', [['account_id', '=', transfers], ['reconciled', '=', false]], ['id'])).toEqual([]);
    });

    it('the reconciliation shows the payout: converted into EUR at Amazon\'s rate, nothing open', async () => {
      const r = await api.get<{ payout: Record<string, unknown>; variances: Array<{ key: string; reason: string; difference: string; converted: unknown }> }>(
        `/api/backends/${stack.backendId}/settlements/${settlementId}/reconciliation`);
      expect(r.body.payout).toMatchObject({ state: 'matched', originalCurrency: 'GBP', convertedCurrency: 'EUR' });
      const v = r.body.variances.filter((x) => x.key.endsWith(':payout'));
      expect(v).toEqual([expect.objectContaining({ reason: 'CURRENCY_CONVERSION', difference: '0.00',
        converted: { amount: r.body.payout.converted, currency: 'EUR', rate: expect.stringMatching(/^1\.17\d{4}$/) } })]);
      const csv = await api.send<string>('GET', `/api/backends/${stack.backendId}/settlements/${settlementId}/reconciliation`, undefined, { headers: { accept: 'text/csv' } });
      expect(csv.text).toContain('CURRENCY_CONVERSION');
      expect(csv.text).toMatch(/\npayout,matched,/);
    });

    it('a rerun posts nothing and books no second exchange difference', async () => {
      const exch = async () => (await stack.erpClient.search('account.move', [['journal_id.code', '=', 'EXCH']])).length;
      const before = await exch();
      const again = await postSettlement(stack.env, stack.backendId, settlementId);
      expect(again).toMatchObject({ version: null, created: 0, foundByRef: 0, bankLine: { state: 'reconciled', created: false } });
      expect(await exch()).toBe(before);
    });

    it('neither currency the company\'s: a GBP settlement paid into a USD bank journal, matched in GBP, its exchange difference booked', async () => {
      const db = stack.env.db.pool;
      // 100.00 GBP reimbursed less a 10.00 fee: 90.00 GBP deposited, paid out as 115.20 USD.
      const other = await settlementWithConvertedPayout(stack, settlementId, { currency: 'USD', convertedMinor: 11520, traceId: 'TRACEU', journalCode: 'BNKU' });
      const outcome = await postSettlement(stack.env, stack.backendId, other);
      expect(outcome.bankLine).toMatchObject({ state: 'reconciled', created: true, exchange: { currency: 'EUR' } });
      const [line] = await stack.erpClient.searchRead('account.bank.statement.line', [['payment_ref', '=', `AMZ-SET ${other} payout TRACEU`]],
        ['amount', 'amount_currency', 'foreign_currency_id', 'is_reconciled', 'move_id']);
      expect(line).toMatchObject({ amount: 115.2, amount_currency: 90, is_reconciled: true });
      expect((line!.foreign_currency_id as [number, string])[1]).toBe('GBP');
      // In EUR: the deposit booked at 90.00 / 0.8412, the bank's 115.20 USD at 1.0934: the difference is the exchange entry's.
      const booked = Math.round(9000 / ERP_GBP);
      const received = Math.round(11520 / ERP_USD);
      const { rows: [s] } = await db.query(`select bank_line_exchange_minor from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, other]);
      expect(Math.abs(Number(s.bank_line_exchange_minor) - (received - booked))).toBeLessThanOrEqual(1);
      const view = await api.get<{ bankLine: { state: string; exchange: { amount: string } | null } }>(`/api/backends/${stack.backendId}/settlements/${other}/posting`);
      expect(view.body.bankLine).toMatchObject({ state: 'reconciled', exchange: { amount: (Number(s.bank_line_exchange_minor) / 100).toFixed(2) } });
    });
  });
}
