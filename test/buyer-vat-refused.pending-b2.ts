/**
 * PENDING (not collected by vitest: rename to `buyer-vat-refused.test.ts` once the ERP sandbox has Odoo's base_vat
 * check as an option — helper B2's branch). Set `BASE_VAT` below to that option's name and value.
 *
 * End to end, over JSON-2 and JSON-RPC: business orders, one of whose buyer VAT numbers the ERP refuses.
 * - `vat.invalidBuyerVat: wait` (default): the others import; the refused one is a BUYER_VAT_REFUSED conflict whose
 *   message and diff in the API name neither the buyer nor the full number; after the ERP's check is relaxed
 *   (here: the setting switched), "retry" through the API imports it.
 * - `import_without_vat`: the order imports, its ERP customer has no VAT number and a note keeping it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ErpSandboxOptions } from '../sandbox/erp/src/index.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { conflictsOf, erpOrdersOf, sweepAndImport, syncStateOf, theErpOrder, visibleNow } from './support/lifecycle.ts';

/** The sandbox option that switches Odoo's base_vat check on (B2). */
const BASE_VAT = { baseVat: true } as unknown as Partial<ErpSandboxOptions>;
const DE = 'A1PA6795UKMFR9';
const BAD_VAT = 'DE123456789'; // wrong check digit (DE123456788 is valid), as in vat-json2.jsonl
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox JSON

describe.each(['json2', 'jsonrpc'] as const)('a buyer VAT number the ERP refuses, over %s', (transport) => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `vatref_${transport}`, erpTransport: transport, erpSandbox: BASE_VAT });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const raw = (id: string) => stack.amazon.getOrder(id).order as Obj;
  const registration = (id: string) => (raw(id).tax?.taxRegistrations as Obj[]).find((r) => r.entityType === 'BUYER')!;
  /** Business orders that import, the first given a refused number. */
  function businessOrders(): { bad: string; others: string[] } {
    const ids = stack.amazon
      .generateOrders({ sellerId: stack.sellerId, count: 8, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: true })
      .filter((id) => expectationOf(raw(id) as unknown as SandboxOrder).kind === 'import');
    const [bad, ...others] = ids;
    const tax = structuredClone(raw(bad!).tax) as Obj;
    for (const r of tax.taxRegistrations as Obj[]) if (r.entityType === 'BUYER') r.taxRegistrationNumber = BAD_VAT;
    stack.amazon.updateOrder(bad!, { set: { tax }, lastUpdatedTime: visibleNow() });
    return { bad: bad!, others };
  }

  it('wait: a BUYER_VAT_REFUSED conflict without the buyer\'s data, the others imported; retried, it imports', async () => {
    const { bad, others } = businessOrders();
    await sweepAndImport(stack);
    for (const id of others) expect((await theErpOrder(stack, id, ['state'])).state).toBe('sale');
    expect(await erpOrdersOf(stack, bad)).toEqual([]);
    expect(await syncStateOf(stack, bad)).toEqual({ state: 'conflict', code: 'BUYER_VAT_REFUSED' });
    const [conflict] = await conflictsOf(stack, bad);
    const shown = await api.get<Obj>(`/api/conflicts/${conflict!.id}`);
    const text = JSON.stringify(shown.body);
    expect(text).toContain('DE*******89');
    for (const secret of [BAD_VAT, '123456789', registration(bad).legalName as string]) expect(text).not.toContain(secret);

    await api.patch(`/api/backends/${stack.backendId}`, { settings: { vat: { invalidBuyerVat: 'import_without_vat' } } });
    expect((await api.post(`/api/conflicts/${conflict!.id}/resolve`, { action: 'retry' })).status).toBe(200);
    await sweepAndImport(stack);
    expect((await theErpOrder(stack, bad, ['state'])).state).toBe('sale');
    expect(await syncStateOf(stack, bad)).toEqual({ state: 'imported', code: null });
  });

  it('import_without_vat: the order imports, its customer without the number, which its note keeps', async () => {
    await api.patch(`/api/backends/${stack.backendId}`, { settings: { vat: { invalidBuyerVat: 'import_without_vat' } } });
    const { bad } = businessOrders();
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, bad, ['state', 'partner_id']);
    expect(so.state).toBe('sale');
    const [partner] = await stack.erpClient.read('res.partner', [(so.partner_id as [number, string])[0]], ['vat', 'comment']);
    expect(partner!.vat).toBe(false);
    expect(String(partner!.comment)).toContain(BAD_VAT);
  });
});
