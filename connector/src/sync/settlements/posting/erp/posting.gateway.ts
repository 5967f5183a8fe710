/**
 * The settlement posting's ERP calls (Odoo 17-19, no dialect differences): the "Amazon" general journal and the
 * accounts found by code or created (the recordings: codes unique, a receivable comes back reconcilable), journal
 * entries (`account.move`, `move_type` entry, `line_ids` in the settlement's currency through `amount_currency`),
 * posted with `action_post`, found again by `ref`; the open receivable items of invoices and credit notes and
 * `account.move.line.reconcile`; an entry's reversal through the public wizard.
 */
import { PermanentError } from '../../../../core/errors.ts';
import { companyDomain, type ErpPort, type ErpRecord, type Vals } from '../../../../erp/erp-port.ts';

const JOURNAL = 'account.journal';
const ACCOUNT = 'account.account';
export const ACCOUNT_MOVE = 'account.move';
const MOVE_LINE = 'account.move.line';
const REVERSAL = 'account.move.reversal';

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);
const protocol = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not what Odoo answers`, { id: row.id, field });
const num = (row: ErpRecord, f: string): number => {
  if (typeof row[f] === 'number' && Number.isFinite(row[f])) return row[f] as number;
  throw protocol(row, f);
};

export interface ErpAccount { id: number; code: string; accountType: string; reconcile: boolean }
export interface OpenItem { id: number; moveId: number; accountId: number; partnerId: number | null; currencyId: number | null; residualCurrency: number }
export interface EntryItem { id: number; name: string; accountId: number | null; partnerId: number | null; currencyId: number | null; residualCurrency: number; reconciled: boolean }
/** `balance`: the company-currency amount, given for a foreign-currency entry (entry-balance.ts), else Odoo converts. */
export interface EntryLine { account_id: number; partner_id?: number; name: string; amount_currency: number; currency_id: number; balance?: number }
export interface PostedEntry { id: number; ref: string; state: string }

const ITEM_FIELDS = ['name', 'account_id', 'partner_id', 'currency_id', 'amount_residual_currency', 'reconciled'];
const entryItems = (rows: ErpRecord[]): EntryItem[] => rows.map((r) => ({ id: r.id, name: typeof r.name === 'string' ? r.name : '', accountId: m2oId(r.account_id),
  partnerId: m2oId(r.partner_id), currencyId: m2oId(r.currency_id), residualCurrency: num(r, 'amount_residual_currency'), reconciled: r.reconciled === true }));

export function postingGateway(erp: ErpPort) {
  return {
    /** The company's journal with this code (codes are unique per company), or null. */
    async findJournal(code: string): Promise<{ id: number; type: string } | null> {
      const company = erp.companyId === null ? [] : [['company_id', '=', erp.companyId] as const];
      const [j] = await erp.searchRead(JOURNAL, [['code', '=', code], ...company], ['type', 'code'], { limit: 1 });
      return j ? { id: j.id, type: String(j.type) } : null;
    },

    async createJournal(code: string, name: string): Promise<number> {
      const [id] = await erp.create(JOURNAL, [{ name, code, type: 'general', ...(erp.companyId === null ? {} : { company_id: erp.companyId }) }]);
      return id!;
    },

    /** The accounts with these codes (the connection's company: its context restricts the search). */
    async findAccounts(codes: readonly string[]): Promise<Map<string, ErpAccount>> {
      const rows = codes.length ? await erp.searchRead(ACCOUNT, [['code', 'in', [...codes]]], ['code', 'account_type', 'reconcile']) : [];
      return new Map(rows.map((r) => [String(r.code), { id: r.id, code: String(r.code), accountType: String(r.account_type), reconcile: r.reconcile === true }]));
    },

    async createAccounts(vals: ReadonlyArray<{ code: string; name: string; accountType: string; reconcile: boolean }>): Promise<number[]> {
      if (!vals.length) return [];
      return erp.create(ACCOUNT, vals.map((v) => ({ code: v.code, name: v.name, account_type: v.accountType, reconcile: v.reconcile })));
    },

    /** The currency's id by its ISO code (inactive ones too: the company may not have activated it). */
    async currencyId(code: string): Promise<number | null> {
      const [c] = await erp.searchRead('res.currency', [['name', '=', code]], ['name'], { limit: 1, context: { active_test: false } });
      return c?.id ?? null;
    },

    /** The company's own currency (lines in it need no rate). */
    async companyCurrency(): Promise<number | null> {
      const [c] = await erp.searchRead('res.company', companyDomain(erp), ['currency_id'], { limit: 1 });
      return c ? m2oId(c.currency_id) : null;
    },

    /**
     * Units of `currencyId` per unit of the company's currency on `date`, as Odoo's `_get_conversion_rate` reads
     * it (`res.currency.rate` at the context's date: the latest rate on or before it, for the connection's company),
     * and the decimals of both currencies.
     */
    async rateOn(currencyId: number, companyCurrencyId: number, date: string): Promise<{ rate: number; currencyDp: number; companyDp: number }> {
      const rows = await erp.searchRead('res.currency', [['id', 'in', [currencyId, companyCurrencyId]]], ['rate', 'decimal_places'],
        { context: { date, active_test: false } });
      const of = (id: number) => rows.find((r) => r.id === id) ?? (() => { throw new PermanentError('ERP_PROTOCOL', `the ERP did not answer the currency ${id}`, { id }); })();
      const cur = of(currencyId);
      const company = of(companyCurrencyId);
      return { rate: num(cur, 'rate') / num(company, 'rate'), currencyDp: num(cur, 'decimal_places'), companyDp: num(company, 'decimal_places') };
    },

    /** The entries of the journal with these references, not cancelled. */
    async entriesByRef(journalId: number, refs: readonly string[]): Promise<PostedEntry[]> {
      if (!refs.length) return [];
      const rows = await erp.searchRead(ACCOUNT_MOVE, [['journal_id', '=', journalId], ['ref', 'in', [...refs]], ['state', '!=', 'cancel']], ['ref', 'state'], { order: 'id asc' });
      return rows.map((r) => ({ id: r.id, ref: String(r.ref), state: String(r.state) }));
    },

    /** One balanced entry in one call; answers its id (a draft until `post`). */
    async createEntry(journalId: number, ref: string, date: string, currencyId: number, lines: readonly EntryLine[]): Promise<number> {
      const vals: Vals = { move_type: 'entry', journal_id: journalId, date, ref, currency_id: currencyId, line_ids: lines.map((l) => [0, 0, l]) };
      const [id] = await erp.create(ACCOUNT_MOVE, [vals]);
      return id!;
    },

    async post(moveIds: readonly number[]): Promise<void> {
      if (moveIds.length) await erp.call(ACCOUNT_MOVE, 'action_post', [...moveIds]);
    },

    /** The items of an entry (its receivable lines are reconciled afterwards). */
    async itemsOf(moveId: number): Promise<EntryItem[]> {
      return entryItems(await erp.searchRead(MOVE_LINE, [['move_id', '=', moveId]], ITEM_FIELDS));
    },

    /** The items of these entries on one account not reconciled yet (the clearing account's lines of a settlement). */
    async openItemsOn(moveIds: readonly number[], accountId: number): Promise<EntryItem[]> {
      if (!moveIds.length) return [];
      return entryItems(await erp.searchRead(MOVE_LINE, [['move_id', 'in', [...moveIds]], ['account_id', '=', accountId], ['reconciled', '=', false]], ITEM_FIELDS));
    },

    /** Sales orders' invoices and credit notes (Odoo lists a reversal's credit note with the order's invoices) and partner. */
    async ordersInvoices(saleOrderIds: readonly number[]): Promise<Map<number, { moveIds: number[]; partnerId: number | null }>> {
      if (!saleOrderIds.length) return new Map();
      const rows = await erp.read('sale.order', [...saleOrderIds], ['invoice_ids', 'partner_invoice_id']);
      return new Map(rows.map((r) => [r.id, { moveIds: Array.isArray(r.invoice_ids) ? (r.invoice_ids as number[]) : [], partnerId: m2oId(r.partner_invoice_id) }]));
    },

    /** The still open receivable items of posted customer invoices and credit notes among `moveIds`. */
    async openReceivables(moveIds: readonly number[]): Promise<OpenItem[]> {
      if (!moveIds.length) return [];
      const posted = (await erp.read(ACCOUNT_MOVE, [...moveIds], ['state', 'move_type']))
        .filter((m) => m.state === 'posted' && (m.move_type === 'out_invoice' || m.move_type === 'out_refund')).map((m) => m.id);
      if (!posted.length) return [];
      const rows = await erp.searchRead(MOVE_LINE, [['move_id', 'in', posted], ['account_type', '=', 'asset_receivable'], ['reconciled', '=', false]],
        ['move_id', 'account_id', 'partner_id', 'currency_id', 'amount_residual_currency']);
      return rows.map((r) => ({ id: r.id, moveId: m2oId(r.move_id)!, accountId: m2oId(r.account_id)!, partnerId: m2oId(r.partner_id), currencyId: m2oId(r.currency_id),
        residualCurrency: num(r, 'amount_residual_currency') }));
    },

    /** The partners' commercial entity and its receivable account (an order without an open invoice posts there). */
    async receivableOf(partnerIds: readonly number[]): Promise<Map<number, { partnerId: number; accountId: number }>> {
      if (!partnerIds.length) return new Map();
      const rows = await erp.read('res.partner', [...partnerIds], ['commercial_partner_id', 'property_account_receivable_id']);
      return new Map(rows.flatMap((r) => {
        const account = m2oId(r.property_account_receivable_id);
        return account === null ? [] : [[r.id, { partnerId: m2oId(r.commercial_partner_id) ?? r.id, accountId: account }] as const];
      }));
    },

    /**
     * Odoo's `reconcile`: it matches all debits with all credits of the items it is given as one group (one account),
     * sorted by date and, when several partners, by partner; which orders may share a call: ../reconcile-groups.ts.
     */
    async reconcile(lineIds: readonly number[]): Promise<void> {
      await erp.call(MOVE_LINE, 'reconcile', [...lineIds]);
    },

    /** The public reversal wizard on posted entries (a person's "Reverse"): answers the reversing entries. */
    async reverse(moveIds: readonly number[], journalId: number, reason: string, date: string): Promise<number[]> {
      const context = { active_model: ACCOUNT_MOVE, active_ids: [...moveIds], active_id: moveIds[0] };
      const [wizard] = await erp.create(REVERSAL, [{ reason, journal_id: journalId, date }], { context });
      await erp.call(REVERSAL, 'refund_moves', [wizard!], { context });
      const [w] = await erp.read(REVERSAL, [wizard!], ['new_move_ids']);
      return Array.isArray(w?.new_move_ids) ? (w.new_move_ids as number[]) : [];
    },
  };
}
export type PostingGateway = ReturnType<typeof postingGateway>;
