/**
 * A business buyer's tax registration (legal name, VAT number) is buyer PII: after a real sweep and import of the
 * sandbox's business orders it is in no readable column of the database (orders, conflict snapshots, diffs), in no
 * API answer, and gone after redaction; the orders still import, the ERP customer carrying the buyer's VAT number.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderDocuments } from '../connector/src/sync/orders/order-documents.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { copyOrder, swapSkuPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox JSON

describe("business buyers' tax registrations", () => {
  let stack: Stack;
  let api: ApiHandle;
  let ids: string[];
  let imported: string[];
  let malformed: string;
  let unmapped: string;
  const raw = (id: string) => stack.amazon.getOrder(id).order as Obj;
  const registration = (id: string) => (raw(id).tax?.taxRegistrations as Obj[] | undefined)?.find((r) => r.entityType === 'BUYER');
  /** The registrations' number and legal name of every order made here: what must never be readable. */
  const secrets = () => ids.flatMap((id) => [registration(id)?.taxRegistrationNumber, registration(id)?.legalName]).filter((s): s is string => Boolean(s));

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'taxpii' });
    api = await startApi(stack);
    ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: true });
    // One becomes a conflict (unknown SKU: its snapshot is stored), one a malformed copy (the sweep's own snapshot).
    unmapped = ids[0]!;
    stack.amazon.updateOrder(unmapped, swapSkuPatch(raw(unmapped), 'NO-SUCH-SKU'));
    const copy = copyOrder(raw(ids[1]!), '302-9000003-0000003');
    for (const item of copy.orderItems as Obj[]) delete item.orderItemId;
    stack.amazon.addOrders(stack.sellerId, [copy]);
    malformed = copy.orderId as string;
    ids.push(malformed);
    imported = ids.filter((id) => id !== unmapped && id !== malformed && expectationOf(raw(id) as unknown as SandboxOrder).kind === 'import');
    await sweepAndImport(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('the business orders carry a buyer VAT registration, and they import with the VAT on the ERP customer', async () => {
    expect(ids.every((id) => /^[A-Z]{2}\w{8,12}$/.test(registration(id)?.taxRegistrationNumber ?? ''))).toBe(true);
    expect(imported.length).toBeGreaterThanOrEqual(4);
    for (const id of imported) {
      const so = await theErpOrder(stack, id, ['partner_id']);
      const [partner] = await stack.erpClient.read('res.partner', [(so.partner_id as [number, string])[0]], ['vat', 'is_company']);
      expect(partner, id).toMatchObject({ vat: registration(id)!.taxRegistrationNumber, is_company: true });
    }
  });

  it('no readable column holds a registration: orders, conflict snapshots and diffs', async () => {
    const codes = await stack.env.db.pool.query<{ code: string; amazon_key: string }>(`select code, amazon_key from sync_conflict where status = 'open'`);
    expect(codes.rows).toEqual(expect.arrayContaining([{ code: 'SKU_UNMAPPED', amazon_key: unmapped }, { code: 'ORDER_MALFORMED', amazon_key: malformed }]));
    const { rows } = await stack.env.db.pool.query<{ t: string }>(
      `select payload::text as t from amazon_order
       union all select coalesce(amazon_snapshot::text, '') || coalesce(erp_snapshot::text, '') || coalesce(diff::text, '') || message from sync_conflict`,
    );
    const text = rows.map((r) => r.t).join('\n');
    expect(text).toContain(unmapped);
    expect(secrets().length).toBe(2 * ids.length);
    expect(secrets().filter((s) => text.includes(s))).toEqual([]);
    // Still there for the import, sealed.
    const { found: stored } = await orderDocuments(stack.env.core.documents).getMany(stack.backendId, [unmapped], { withPii: true });
    expect(stored.get(unmapped)!.order.tax?.taxRegistrations).toEqual(raw(unmapped).tax.taxRegistrations);
  });

  it('no API answer holds a registration: conflicts listed and one by one, orders listed and one by one', async () => {
    const list = await api.get<{ items: Array<{ id: number }> }>('/api/conflicts?limit=500');
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    for (const c of list.body.items) expect((await api.get(`/api/conflicts/${c.id}`)).status).toBe(200);
    await api.get(`/api/backends/${stack.backendId}/orders?limit=500`);
    for (const id of ids) await api.get(`/api/backends/${stack.backendId}/orders/${id}`);
    const everything = api.answers.join('\n');
    expect(everything).toContain(unmapped);
    expect(secrets().filter((s) => everything.includes(s))).toEqual([]);
  });

  it('redaction removes them with the rest of the buyer data', async () => {
    const storedIds = ids.filter((id) => id !== malformed); // a malformed order lives only in its conflict
    expect(await stack.env.core.documents.redactOlderThan(stack.backendId, -1)).toBe(storedIds.length);
    const { found: stored } = await orderDocuments(stack.env.core.documents).getMany(stack.backendId, storedIds, { withPii: true });
    expect(stored.size).toBe(storedIds.length);
    const text = JSON.stringify([...stored.values()].map((s) => s.order));
    expect(secrets().filter((s) => text.includes(s))).toEqual([]);
    const { rows } = await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from amazon_order where pii_sealed is not null`);
    expect(rows[0]!.n).toBe(0);
  });
});
