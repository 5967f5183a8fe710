/**
 * A wrong total never reaches the books (issue 9), over real HTTP and PostgreSQL: orders with broken money or no
 * delivery address, injected through the Amazon sandbox's admin API, are each a conflict with its reason and no ERP
 * order, while the good orders of the same page import; an order whose ERP total disagrees with Amazon's (a
 * mapping row giving its line a discount) stays an unconfirmed draft with a TOTAL_MISMATCH conflict, and once the
 * row is fixed, "retry" through the HTTP API rewrites that same draft and confirms it: one ERP order, Amazon's total.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amazonAdmin } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { conflictsOf, erpOrdersOf, openConflictCodes, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { copyOrder } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox orders, edited freely
const DISCOUNTED = '305-9000010-0000010';
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

/** `template` reduced to its first item, priced by `proceeds`, the order's grand total `grand`. */
function oneItem(template: Obj, orderId: string, proceeds: Obj | undefined, grand: string, quantity?: number): Obj {
  const o = copyOrder(template, orderId);
  o.orderItems = [o.orderItems[0]];
  if (proceeds) o.orderItems[0].proceeds = proceeds;
  else delete o.orderItems[0].proceeds;
  if (quantity !== undefined) {
    o.orderItems[0].quantityOrdered = quantity;
    o.orderItems[0].fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: quantity };
  }
  o.proceeds = { grandTotal: eur(grand) };
  return o;
}

describe('a wrong total never reaches the books', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'money_checks' });
    api = await startApi(stack);
    // An integrator's mapping row, there before the first import: a line discount read from a table keyed by the
    // Amazon order id (one order of the second test has a row).
    await stack.env.core.lookups.put(stack.backendId, 'line_discount', [{ key: DISCOUNTED, value: 10 }]);
    await stack.env.core.mappingRules.create(stack.backendId, 'orders', {
      target: 'sale.order.line', erpField: 'discount', source: { kind: 'lookup', table: 'line_discount', keyPath: 'order.orderId' },
      transforms: [], onlyCreate: false, enabled: true, position: 0,
    });
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const generate = async (count: number) => {
    const { orderIds } = await amazonAdmin<{ orderIds: string[] }>(stack.amazon, 'orders/generate', { sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false });
    return orderIds.filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind === 'import');
  };
  const raw = (id: string) => structuredClone(stack.amazon.getOrder(id).order) as Obj;

  it('each broken order is a conflict with its reason and nothing in the ERP, while the good ones of its page import', async () => {
    const good = await generate(6);
    expect(good.length).toBeGreaterThanOrEqual(3);
    const t = raw(good[0]!);
    const grandOff = copyOrder(t, '305-9000002-0000002');
    grandOff.proceeds.grandTotal = eur((Number(grandOff.proceeds.grandTotal.amount) + 1).toFixed(2));
    const noAddress = copyOrder(t, '305-9000007-0000007');
    delete noAddress.recipient;
    const bad: Record<string, Obj> = {
      AMAZON_TOTAL_INCONSISTENT: oneItem(t, '305-9000001-0000001', { breakdowns: [{ type: 'ITEM', subtotal: eur('0.00') }] }, '5.00'),
      AMOUNT_SIGN_INVALID: oneItem(t, '305-9000003-0000003', { proceedsTotal: eur('-5.00'), breakdowns: [{ type: 'ITEM', subtotal: eur('-5.00') }] }, '-5.00'),
      ORDER_WITHOUT_UNITS: oneItem(t, '305-9000004-0000004', { proceedsTotal: eur('0.00'), breakdowns: [{ type: 'ITEM', subtotal: eur('0.00') }] }, '0.00', 0),
      AMOUNT_TOO_LARGE: oneItem(t, '305-9000005-0000005', { proceedsTotal: eur('12345678901234.56'), breakdowns: [{ type: 'ITEM', subtotal: eur('12345678901234.56') }] }, '12345678901234.56'),
      DELIVERY_ADDRESS_MISSING: noAddress,
    };
    const grandOffId = grandOff.orderId as string;
    await amazonAdmin(stack.amazon, 'orders', { sellerId: stack.sellerId, orders: [...Object.values(bad), grandOff] });

    await sweepAndImport(stack);
    for (const [code, o] of [...Object.entries(bad), ['AMAZON_TOTAL_INCONSISTENT', grandOff] as const]) {
      const id = o.orderId as string;
      expect(await openConflictCodes(stack, id), id).toEqual([code]);
      expect(await syncStateOf(stack, id), id).toEqual({ state: 'conflict', code });
      expect(await erpOrdersOf(stack, id), id).toEqual([]);
    }
    const { rows } = await stack.env.db.pool.query<{ diff: Record<string, string> }>(
      `select diff from sync_conflict where backend_id = $1 and amazon_key = $2`, [stack.backendId, grandOffId]);
    expect(rows[0]!.diff).toMatchObject({ what: 'grand total', amazon: grandOff.proceeds.grandTotal.amount, currency: 'EUR' });
    for (const id of good) {
      expect((await theErpOrder(stack, id)).state, id).toBe('sale');
      expect(await syncStateOf(stack, id), id).toEqual({ state: 'imported', code: null });
    }
  });

  it("an ERP total that is not Amazon's stays a draft with TOTAL_MISMATCH; fixed and retried, the same draft is confirmed once", async () => {
    const [template, other] = await generate(4);
    const target = copyOrder(raw(template!), DISCOUNTED);
    const id = DISCOUNTED;
    await amazonAdmin(stack.amazon, 'orders', { sellerId: stack.sellerId, orders: [target] });
    await sweepAndImport(stack);

    const [draft, ...more] = await erpOrdersOf(stack, id, ['state', 'amount_total']);
    expect(more).toEqual([]);
    expect(draft!.state).toBe('draft');
    expect(await openConflictCodes(stack, id)).toContain('TOTAL_MISMATCH');
    expect(await syncStateOf(stack, id)).toEqual({ state: 'conflict', code: 'TOTAL_MISMATCH' });
    expect((await theErpOrder(stack, other!)).state).toBe('sale');
    const amazonTotal = (await stack.env.db.pool.query<{ diff: { amazonTotal: string; erpTotal: string } }>(
      `select diff from sync_conflict where backend_id = $1 and amazon_key = $2 and code = 'TOTAL_MISMATCH'`, [stack.backendId, id])).rows[0]!.diff;
    expect(Number(amazonTotal.erpTotal)).toBe(draft!.amount_total);

    // Another sweep changes nothing: no second order, still a draft.
    await sweepAndImport(stack);
    expect((await erpOrdersOf(stack, id, ['state'])).map((o) => o.state)).toEqual(['draft']);

    await stack.env.core.lookups.remove(stack.backendId, 'line_discount', [id]);
    const [conflict] = (await conflictsOf(stack, id)).filter((c) => c.code === 'TOTAL_MISMATCH' && c.status === 'open');
    expect((await api.post(`/api/conflicts/${conflict!.id}/resolve`, { action: 'retry' })).status).toBe(200);
    await sweepAndImport(stack);

    const [confirmed, ...dup] = await erpOrdersOf(stack, id, ['state', 'amount_total', 'order_line']);
    expect(dup).toEqual([]);
    expect(confirmed!.id).toBe(draft!.id);
    expect(confirmed!.state).toBe('sale');
    expect(confirmed!.amount_total).toBe(Number(amazonTotal.amazonTotal));
    const lines = await stack.erpClient.read('sale.order.line', confirmed!.order_line as number[], ['discount']);
    expect(lines.map((l) => l.discount)).toEqual(lines.map(() => 0));
    expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    expect(await openConflictCodes(stack, id)).toEqual([]);
  });
});
