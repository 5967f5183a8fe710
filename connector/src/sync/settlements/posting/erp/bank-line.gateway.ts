/**
 * The payout's bank statement line in the ERP (Odoo 17-19, no dialect differences): the bank journal by code (its
 * liquidity and suspense accounts, its currency), `account.bank.statement.line` found by `payment_ref` or created
 * (Odoo posts it at once as its own entry: liquidity item and suspense item; only users of the accounting group
 * "Basic" may create one: 403 AccessError otherwise), and the community way of matching it with an existing journal
 * item without the Accounting app's reconciliation widget (`set_line_bank_statement_line` is Enterprise's
 * account_accountant): the line's entry reset to draft, its suspense item moved to the account of the item to
 * clear (Odoo's `_seek_for_lines` then counts it as a counterpart: `is_reconciled` once it is matched), posted
 * again, and the two items given to `account.move.line.reconcile` (which makes the exchange difference entry when
 * the payout's rate differs from the settlement's).
 */
import { PermanentError } from '../../../../core/errors.ts';
import { companyDomain, type Domain, type ErpPort, type Vals } from '../../../../erp/erp-port.ts';

const STATEMENT_LINE = 'account.bank.statement.line';
const MOVE = 'account.move';
const MOVE_LINE = 'account.move.line';
const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);

export interface BankJournal { id: number; type: string; suspenseAccountId: number | null; liquidityAccountId: number | null; currencyId: number | null }
export interface StatementLineVals { journalId: number; date: string; paymentRef: string; amount: number; foreignCurrencyId?: number; amountCurrency?: number }
export interface MoveItem { id: number; accountId: number | null; reconciled: boolean; amountCurrency: number }

export function bankLineGateway(erp: ErpPort) {
  return {
    async findJournal(code: string): Promise<BankJournal | null> {
      const company = erp.companyId === null ? [] : [['company_id', '=', erp.companyId] as const];
      const [j] = await erp.searchRead('account.journal', [['code', '=', code], ...company], ['type', 'suspense_account_id', 'default_account_id', 'currency_id'], { limit: 1 });
      return j ? { id: j.id, type: String(j.type), suspenseAccountId: m2oId(j.suspense_account_id), liquidityAccountId: m2oId(j.default_account_id), currencyId: m2oId(j.currency_id) } : null;
    },

    async companyCurrency(): Promise<number | null> {
      const [c] = await erp.searchRead('res.company', companyDomain(erp), ['currency_id'], { limit: 1 });
      return c ? m2oId(c.currency_id) : null;
    },

    /** The journal's statement line with this label (the connector's ref), or null. */
    async lineByRef(journalId: number, ref: string): Promise<number | null> {
      const [l] = await erp.searchRead(STATEMENT_LINE, [['journal_id', '=', journalId], ['payment_ref', '=', ref]], ['move_id'], { limit: 1, order: 'id asc' });
      return l?.id ?? null;
    },

    /** One statement line; a 403 AccessError (user not in "Basic") becomes SETTLEMENT_BANK_LINE_FORBIDDEN. */
    async createLine(v: StatementLineVals): Promise<number> {
      const vals: Vals = { journal_id: v.journalId, date: v.date, payment_ref: v.paymentRef, amount: v.amount,
        ...(v.foreignCurrencyId === undefined ? {} : { foreign_currency_id: v.foreignCurrencyId, amount_currency: v.amountCurrency }) };
      try {
        const [id] = await erp.create(STATEMENT_LINE, [vals]);
        return id!;
      } catch (e) {
        if (e instanceof PermanentError && e.code === 'ERP_ACCESS_DENIED') {
          throw new PermanentError('SETTLEMENT_BANK_LINE_FORBIDDEN',
            'the ERP refused to create the payout\'s bank statement line: give the connector\'s ERP user the accounting group "Basic" '
            + '(Settings > Users > Accounting), or turn settlements.postingBankLine off', { erpMessage: e.message });
        }
        throw e;
      }
    },

    /** The statement line's entry, its state and items. */
    async lineEntry(lineId: number): Promise<{ moveId: number; state: string; items: MoveItem[] }> {
      const [l] = await erp.read(STATEMENT_LINE, [lineId], ['move_id']);
      const moveId = l ? m2oId(l.move_id) : null;
      if (moveId === null) throw new PermanentError('ERP_PROTOCOL', `the ERP's statement line ${lineId} has no journal entry`, { id: lineId });
      const [m] = await erp.read(MOVE, [moveId], ['state']);
      return { moveId, state: String(m?.state), items: await this.items([['move_id', '=', moveId]]) };
    },

    async items(domain: Domain): Promise<MoveItem[]> {
      const rows = await erp.searchRead(MOVE_LINE, domain, ['account_id', 'reconciled', 'amount_currency']);
      return rows.map((r) => ({ id: r.id, accountId: m2oId(r.account_id), reconciled: r.reconciled === true, amountCurrency: Number(r.amount_currency) }));
    },

    async toDraft(moveId: number): Promise<void> {
      await erp.call(MOVE, 'button_draft', [moveId]);
    },

    /** The draft entry's item moved to another account (the suspense item becomes the counterpart). */
    async moveItemTo(moveId: number, itemId: number, accountId: number): Promise<void> {
      await erp.write(MOVE, [moveId], { line_ids: [[1, itemId, { account_id: accountId }]] });
    },

    async post(moveId: number): Promise<void> {
      await erp.call(MOVE, 'action_post', [moveId]);
    },

    async reconcile(itemIds: readonly number[]): Promise<void> {
      await erp.call(MOVE_LINE, 'reconcile', [...itemIds]);
    },

    /**
     * The exchange difference entry Odoo 19's `reconcile` booked when it closed this item's group (the full
     * reconcile's `exchange_move_id`: items settled in their currency whose company amounts differ), and what it
     * moved on `accountId` in the company's currency (`balance`: negative takes value off that account, a loss on
     * a receivable such as Amazon transfers). Null: no full reconcile, or no difference to book.
     */
    async exchangeOf(itemId: number, accountId: number): Promise<{ moveId: number; balance: number } | null> {
      const [item] = await erp.read(MOVE_LINE, [itemId], ['full_reconcile_id']);
      const full = item ? m2oId(item.full_reconcile_id) : null;
      if (full === null) return null;
      const [f] = await erp.read('account.full.reconcile', [full], ['exchange_move_id']);
      const moveId = f ? m2oId(f.exchange_move_id) : null;
      if (moveId === null) return null;
      const lines = await erp.searchRead(MOVE_LINE, [['move_id', '=', moveId], ['account_id', '=', accountId]], ['balance']);
      return { moveId, balance: lines.reduce((s, l) => s + Number(l.balance), 0) };
    },

    async companyCurrencyCode(): Promise<string | null> {
      const [c] = await erp.searchRead('res.company', companyDomain(erp), ['currency_id'], { limit: 1 });
      return c && Array.isArray(c.currency_id) ? String(c.currency_id[1]) : null;
    },

    async isReconciled(lineId: number): Promise<boolean> {
      const [l] = await erp.read(STATEMENT_LINE, [lineId], ['is_reconciled']);
      return l?.is_reconciled === true;
    },
  };
}
export type BankLineGateway = ReturnType<typeof bankLineGateway>;
