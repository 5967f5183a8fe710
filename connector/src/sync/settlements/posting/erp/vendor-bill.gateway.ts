/**
 * Amazon's fees as vendor bills in the ERP (Odoo 17-19; the price-included flag through the dialect): the company's
 * purchase journal found by type (a fresh Odoo has "Purchases", BILL; the recordings), the partner "Amazon" found by
 * its `ref`, a price-included purchase tax per VAT rate found by name (created with a tax group of the company's
 * fiscal country: Odoo refuses a tax without one), the bill (`in_invoice` / `in_refund`) found by `ref` or created,
 * its payable item, and its state and amounts as the posting view shows them.
 *
 * No recording has a vendor bill: what is used here is Odoo's documented `account.move` API, the same fields as a
 * customer invoice (`invoice_line_ids` with `account_id`, `price_unit`, `tax_ids`), `invoice_date` set (Odoo refuses
 * to post a bill without one) and explicit `tax_ids` on every line (a line without product would otherwise get the
 * company's default purchase tax).
 */
import { companyDomain, type ErpPort, type Vals } from '../../../../erp/erp-port.ts';

const JOURNAL = 'account.journal';
const PARTNER = 'res.partner';
const TAX = 'account.tax';
const MOVE = 'account.move';
const MOVE_LINE = 'account.move.line';

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);

export interface BillLine { name: string; accountId: number; priceUnit: number; taxIds: number[] }
export interface BillVals { moveType: 'in_invoice' | 'in_refund'; journalId: number; partnerId: number; date: string; currencyId: number; ref: string; lines: BillLine[] }
export interface FoundBill { id: number; ref: string; state: string }
export interface BillState { id: number; state: string; paymentState: string; moveType: string; untaxed: number; tax: number; total: number }

export function vendorBillGateway(erp: ErpPort) {
  const company = erp.companyId === null ? {} : { company_id: erp.companyId };
  return {
    /** The company's first purchase journal (Odoo's own default for a bill), or null. */
    async purchaseJournal(): Promise<number | null> {
      const c = erp.companyId === null ? [] : [['company_id', '=', erp.companyId] as const];
      const [j] = await erp.searchRead(JOURNAL, [['type', '=', 'purchase'], ...c], ['code'], { limit: 1, order: 'sequence asc, id asc' });
      return j?.id ?? null;
    },

    async createPurchaseJournal(code: string, name: string): Promise<number> {
      const [id] = await erp.create(JOURNAL, [{ name, code, type: 'purchase', ...company }]);
      return id!;
    },

    /** The vendor with this `ref` (archived ones too: one archived by a person is not made again) and its payable account. */
    async vendorByRef(ref: string): Promise<{ id: number; payableAccountId: number | null; active: boolean } | null> {
      const [p] = await erp.searchRead(PARTNER, [['ref', '=', ref]], ['property_account_payable_id', 'active'], { limit: 1, order: 'id asc', context: { active_test: false } });
      return p ? { id: p.id, payableAccountId: m2oId(p.property_account_payable_id), active: p.active !== false } : null;
    },

    async createVendor(name: string, ref: string): Promise<number> {
      const [id] = await erp.create(PARTNER, [{ name, ref, is_company: true }]);
      return id!;
    },

    /** The company's fiscal country (the country of the taxes it posts), or null. */
    async fiscalCountry(): Promise<number | null> {
      const [c] = await erp.searchRead('res.company', companyDomain(erp), ['account_fiscal_country_id'], { limit: 1 });
      return c ? m2oId(c.account_fiscal_country_id) : null;
    },

    /** The purchase taxes with these names, with what makes them fit (rate, price included). */
    async purchaseTaxes(names: readonly string[]): Promise<Map<string, { id: number; amount: number; priceInclude: boolean; amountType: string }>> {
      if (!names.length) return new Map();
      const rows = await erp.searchRead(TAX, [['type_tax_use', '=', 'purchase'], ['name', 'in', [...names]]], ['name', 'amount', 'amount_type', 'price_include']);
      return new Map(rows.map((r) => [String(r.name), { id: r.id, amount: Number(r.amount), priceInclude: r.price_include === true, amountType: String(r.amount_type) }]));
    },

    /** A tax group of the country (the company's own come with its chart), created when there is none. */
    async taxGroup(countryId: number | null): Promise<{ id: number; created: boolean }> {
      const [g] = await erp.searchRead('account.tax.group', countryId === null ? [] : [['country_id', '=', countryId]], ['name'], { limit: 1, order: 'sequence asc, id asc' });
      if (g) return { id: g.id, created: false };
      const [id] = await erp.create('account.tax.group', [{ name: 'Amazon fees VAT', ...(countryId === null ? {} : { country_id: countryId }), ...company }]);
      return { id: id!, created: true };
    },

    async createPurchaseTaxes(vals: ReadonlyArray<{ name: string; rate: number; groupId: number; countryId: number | null }>): Promise<number[]> {
      if (!vals.length) return [];
      return erp.create(TAX, vals.map((v): Vals => ({
        name: v.name, amount_type: 'percent', amount: v.rate, type_tax_use: 'purchase', ...erp.dialect.taxPriceIncludeVals(true),
        tax_group_id: v.groupId, description: `${v.rate}%`, ...(v.countryId === null ? {} : { country_id: v.countryId }), ...company,
      })));
    },

    /** The vendor's bills and refunds with these references, not cancelled (a crash after the create finds its bill here). */
    async billsByRef(partnerId: number, refs: readonly string[]): Promise<FoundBill[]> {
      if (!refs.length) return [];
      const rows = await erp.searchRead(MOVE, [['move_type', 'in', ['in_invoice', 'in_refund']], ['partner_id', '=', partnerId], ['ref', 'in', [...refs]],
        ['state', '!=', 'cancel']], ['ref', 'state'], { order: 'id asc' });
      return rows.map((r) => ({ id: r.id, ref: String(r.ref), state: String(r.state) }));
    },

    /** One bill in one call (a draft until posted). */
    async createBill(b: BillVals): Promise<number> {
      const [id] = await erp.create(MOVE, [{
        move_type: b.moveType, journal_id: b.journalId, partner_id: b.partnerId, invoice_date: b.date, date: b.date, currency_id: b.currencyId, ref: b.ref,
        invoice_line_ids: b.lines.map((l) => [0, 0, { name: l.name, account_id: l.accountId, quantity: 1, price_unit: l.priceUnit, tax_ids: [[6, 0, l.taxIds]] }]),
      }]);
      return id!;
    },

    /** The open items of these moves on an account (the bill's payable item, the entries' payable lines). */
    async openItems(moveIds: readonly number[], accountId: number): Promise<Array<{ id: number; moveId: number; amountResidualCurrency: number }>> {
      if (!moveIds.length) return [];
      const rows = await erp.searchRead(MOVE_LINE, [['move_id', 'in', [...moveIds]], ['account_id', '=', accountId], ['reconciled', '=', false]],
        ['move_id', 'amount_residual_currency']);
      return rows.map((r) => ({ id: r.id, moveId: m2oId(r.move_id)!, amountResidualCurrency: Number(r.amount_residual_currency) }));
    },

    async billStates(moveIds: readonly number[]): Promise<BillState[]> {
      if (!moveIds.length) return [];
      const rows = await erp.read(MOVE, [...moveIds], ['state', 'payment_state', 'move_type', 'amount_untaxed', 'amount_tax', 'amount_total']);
      return rows.map((r) => ({ id: r.id, state: String(r.state), paymentState: String(r.payment_state), moveType: String(r.move_type),
        untaxed: Number(r.amount_untaxed), tax: Number(r.amount_tax), total: Number(r.amount_total) }));
    },
  };
}
export type VendorBillGateway = ReturnType<typeof vendorBillGateway>;
