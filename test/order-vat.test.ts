/**
 * The VAT model on imported orders, over real HTTP and PostgreSQL against the ERP sandbox (which detects fiscal
 * positions as Odoo does): every sales order carries the fiscal position the table names, never Odoo's own guess;
 * reverse-charge orders carry the 0 % reverse-charge tax; and the books must equal Amazon's: on a company that
 * rounds taxes globally (a fresh Odoo's default), an order whose tax lands a cent away from Amazon's VAT is a
 * TAX_MISMATCH conflict carrying both figures, while the others import.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { sumDecimals, toUnits } from './support/money.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const GB = 'A1F83G8C2ARO7P';

interface RawOrder {
  recipient?: { deliveryAddress?: { countryCode?: string } };
  orderItems: Array<{ proceeds?: { breakdowns?: Array<{ type: string; subtotal: { amount: string } }> } }>;
}

describe('the VAT model on imported orders', () => {
  let stack: Stack;
  const raw = (id: string) => stack.amazon.getOrder(id).order as unknown as RawOrder;
  const shipTo = (id: string) => raw(id).recipient?.deliveryAddress?.countryCode;
  const amazonTax = (id: string) => sumDecimals(raw(id).orderItems.flatMap((i) => (i.proceeds?.breakdowns ?? []).filter((b) => b.type === 'TAX').map((b) => b.subtotal.amount)));
  const m2oId = (v: unknown) => (Array.isArray(v) ? (v[0] as number) : v);
  // Orders with a SKU the ERP does not know (the catalogue has a few on purpose) are SKU_UNMAPPED: not these tests'.
  const importable = (ids: string[]) => ids.filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind === 'import');

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'vat', taxRounding: 'round_globally' });
  });
  afterAll(async () => stack?.close());

  it('sets the fiscal position of every order explicitly from the table, whatever Odoo would detect', async () => {
    const erp = stack.erpClient;
    const [france] = await erp.search('res.country', [['code', '=', 'FR']]);
    // What a fresh Odoo guesses for every foreign buyer: an automatic position without country.
    const [guess] = await erp.create('account.fiscal.position', [{ name: 'Foreign Trade', auto_apply: true }]);
    const [oss] = await erp.create('account.fiscal.position', [{ name: 'OSS B2C France', country_id: france }]);
    await stack.env.core.lookups.put(stack.backendId, 'fiscal_position_map', [{ key: 'oss|FR', value: { fiscalPositionId: oss! } }]);

    const gen = (marketplaceId: string, count: number, business = false) =>
      importable(stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId, business, fulfilledBy: 'MERCHANT' }));
    const fr = gen(FR, 3);
    const de = gen(DE, 2);
    const b2b = gen(DE, 12, true);
    const gb = gen(GB, 2);
    await sweepAndImport(stack);

    const fpOf = async (id: string) => m2oId((await theErpOrder(stack, id, ['fiscal_position_id'])).fiscal_position_id);
    const table = (await stack.env.core.lookups.loadTables(stack.backendId, ['fiscal_position_map'])).get('fiscal_position_map')!;
    const fromTable = (key: string) => {
      expect(table.has(key), key).toBe(true);
      return (table.get(key) as { fiscalPositionId: number | null }).fiscalPositionId ?? false;
    };
    const b2bDomestic = b2b.filter((id) => shipTo(id) === 'DE');
    const reverse = b2b.filter((id) => shipTo(id) !== 'DE');
    const expected: Array<[string, number | false]> = [
      ...fr.map((id): [string, number | false] => [id, oss!]),
      ...[...de, ...b2bDomestic].map((id): [string, number | false] => [id, fromTable('domestic|DE')]),
      ...gb.map((id): [string, number | false] => [id, fromTable('foreign_vat|GB')]),
      ...reverse.map((id): [string, number | false] => [id, fromTable(`intra_eu_b2b|${shipTo(id)}`)]),
    ];
    for (const [id, fp] of expected) {
      const got = await fpOf(id);
      expect(got, id).toBe(fp);
      // Never Odoo's own guess, although every non-German buyer matches "Foreign Trade".
      expect(got, id).not.toBe(guess);
    }
    expect(expected.some(([id]) => shipTo(id) !== 'DE')).toBe(true);

    // Reverse charge (0 % to an EU business in another country) carries the ERP's 0 % tax, never no tax.
    expect(reverse.length).toBeGreaterThan(0);
    const taxTable = (await stack.env.core.lookups.loadTables(stack.backendId, ['tax_map'])).get('tax_map')!;
    for (const id of reverse) {
      const zero = (taxTable.get(`intra_eu_b2b|${shipTo(id)}|0`) as { taxId: number }).taxId;
      const [zeroTax] = await erp.read('account.tax', [zero], ['amount']);
      expect(zeroTax!.amount).toBe(0);
      const so = await theErpOrder(stack, id, ['amount_tax']);
      const lines = await erp.read('sale.order.line', so.order_line as number[], ['tax_ids', 'price_unit']);
      const taxes = lines.map((l) => l.tax_ids as number[]).filter((t) => t.length);
      expect(taxes.length, id).toBeGreaterThan(0);
      for (const t of taxes) expect(t, id).toEqual([zero]);
      expect(so.amount_tax).toBe(0);
      expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    }
  });

  it('compares the ERP tax with Amazon\'s: rounded globally, a cent of difference is a TAX_MISMATCH conflict with both figures', async () => {
    const ids = importable(stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 40, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT' }));
    await sweepAndImport(stack);
    const differ: string[] = [];
    for (const id of ids) {
      const so = await theErpOrder(stack, id, ['amount_tax', 'name']);
      const amazon = amazonTax(id);
      const erpTax = sumDecimals([String(so.amount_tax)]);
      if (toUnits(erpTax) === toUnits(amazon)) {
        expect(await syncStateOf(stack, id), id).toEqual({ state: 'imported', code: null });
        continue;
      }
      differ.push(id);
      expect(Math.abs(Number(toUnits(erpTax) - toUnits(amazon))), id).toBe(100); // one cent, in 1/10^4 units
      expect(await openConflictCodes(stack, id)).toEqual(['TAX_MISMATCH']);
      const { rows } = await stack.env.db.pool.query<{ message: string; diff: Record<string, string> }>(
        `select message, diff from sync_conflict where backend_id = $1 and amazon_key = $2 and code = 'TAX_MISMATCH'`,
        [stack.backendId, id],
      );
      expect(rows[0]!.diff).toMatchObject({ erpTax, amazonTax: amazon, currency: 'EUR', erpTotal: rows[0]!.diff.amazonTotal });
      expect(rows[0]!.message).toContain(`${erpTax} EUR`);
      expect(rows[0]!.message).toContain(`${amazon} EUR`);
    }
    // Odoo's global rounding moves a cent in a good share of orders (16 of 87 EU orders on a real Odoo).
    expect(differ.length).toBeGreaterThan(0);
    expect(differ.length).toBeLessThan(ids.length);
  });
});
