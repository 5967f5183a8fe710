/**
 * Customers in the ERP as a user checks them: one customer per buyer e-mail across a repeat buyer's orders, a
 * delivery address identical across two orders reused as one delivery contact (a different one added under the
 * same customer), and with the backend's customerStrategy 'per_order' a customer of its own for each order.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ordersSettings } from '../connector/src/sync/backend-settings.ts';
import { createApiServices } from '../connector/src/app/api-services.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport, theErpOrder, visibleNow } from './support/lifecycle.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';

const DE = 'A1PA6795UKMFR9';
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox JSON

describe('ERP customers of Amazon buyers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'customers' });
  });
  afterAll(async () => stack?.close());

  // Consumers only: a business order names its customer after the company of its own VAT registration.
  const generate = (count: number) =>
    stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false });
  /** The generated orders that import (an unknown SKU now and then makes one a conflict instead). */
  const importable = (ids: string[]) => ids.filter((id) => expectationOf(raw(id) as unknown as SandboxOrder).kind === 'import');
  const raw = (id: string) => stack.amazon.getOrder(id).order as Obj;
  /** Makes `id` an order of `buyer` shipped to `recipient` (as a repeat buyer's next order). */
  const boughtBy = (id: string, buyer: Obj, recipient: Obj) => stack.amazon.updateOrder(id, { set: { buyer, recipient }, lastUpdatedTime: visibleNow() });
  const partnersOf = async (id: string) => {
    const so = await theErpOrder(stack, id, ['partner_id', 'partner_shipping_id']);
    return { customer: (so.partner_id as [number, string])[0], delivery: (so.partner_shipping_id as [number, string])[0] };
  };

  it('one customer per buyer e-mail across a repeat buyer\'s orders; an identical delivery address is reused', async () => {
    const ids = importable(generate(100));
    const [a, same, moved] = ids;
    const first = raw(a!);
    boughtBy(same!, first.buyer, first.recipient);
    boughtBy(moved!, first.buyer, { deliveryAddress: { ...first.recipient.deliveryAddress, addressLine1: 'Lindenstraße 4' } });
    await sweepAndImport(stack);

    const pa = await partnersOf(a!);
    expect(await partnersOf(same!)).toEqual(pa);
    const pm = await partnersOf(moved!);
    expect(pm.customer).toBe(pa.customer);
    expect(pm.delivery).not.toBe(pa.delivery);
    const contacts = await stack.erpClient.read('res.partner', [pa.delivery, pm.delivery], ['type', 'parent_id', 'street']);
    expect(contacts.map((c) => [c.type, (c.parent_id as [number, string])[0]])).toEqual([['delivery', pa.customer], ['delivery', pa.customer]]);
    expect(contacts.map((c) => c.street).sort()).toEqual([first.recipient.deliveryAddress.addressLine1, 'Lindenstraße 4'].sort());

    // Every buyer of the generated orders (the sandbox has regulars who buy again): one customer per e-mail.
    const byEmail = new Map<string, string[]>();
    for (const id of ids) {
      const email = String(raw(id).buyer.buyerEmail).toLowerCase();
      byEmail.set(email, [...(byEmail.get(email) ?? []), id]);
    }
    expect([...byEmail.values()].filter((list) => list.length > 1).length).toBeGreaterThanOrEqual(2);
    const customerOf = new Map<string, number>();
    for (const [email, list] of byEmail) {
      const customers = new Set(await Promise.all(list.map(async (id) => (await partnersOf(id)).customer)));
      expect(customers.size, email).toBe(1);
      customerOf.set(email, [...customers][0]!);
    }
    expect(new Set(customerOf.values()).size).toBe(byEmail.size);
    const customers = await stack.erpClient.searchRead('res.partner', [['ref', '=like', 'AMZ-%'], ['type', '!=', 'delivery']], ['email'], { context: { active_test: false } });
    expect(customers.length).toBe(byEmail.size);
    expect(new Set(customers.map((c) => String(c.email).toLowerCase()))).toEqual(new Set(byEmail.keys()));
  });

  it("with customerStrategy 'per_order' each order of the same buyer gets its own customer", async () => {
    const api = createApiServices(stack.env, 'test');
    const updated = await api.backends.updateSettings(stack.backendId, { orders: { customerStrategy: 'per_order' } }, 'test');
    expect(updated && ordersSettings.of(updated.settings)).toMatchObject({ customerStrategy: 'per_order' });
    const [earlier, d, e] = importable(generate(8));
    const buyer = raw(earlier!);
    boughtBy(d!, buyer.buyer, buyer.recipient);
    boughtBy(e!, buyer.buyer, buyer.recipient);
    await sweepAndImport(stack);
    const before = (await partnersOf(earlier!)).customer;

    const pd = await partnersOf(d!);
    const pe = await partnersOf(e!);
    expect(new Set([before, pd.customer, pe.customer]).size).toBe(3);
    expect(pd.delivery).not.toBe(pe.delivery);
    const [cd, ce] = await stack.erpClient.read('res.partner', [pd.customer, pe.customer], ['email', 'name']);
    expect(String(cd!.email).toLowerCase()).toBe(String(buyer.buyer.buyerEmail).toLowerCase());
    expect(ce!.name).toBe(cd!.name);
  });
});
