/**
 * Over both ERP faces (Odoo 19 JSON-2 and JSON-RPC), a connector whose backend names its ERP company
 * (ODOO_COMPANY_ID) and whose ERP calls go through a recording proxy:
 * - every call of the set-up, the sweep's look-ups and the import carries `allowed_company_ids: [company]`;
 * - an imported order's ERP date_order is Amazon's purchase date (Odoo's confirmation overwrites it: the connector
 *   writes the dates of a batch back in one `load` call);
 * - an order confirmed without the write-back (a run that died in between) ends with Amazon's date once the
 *   next import reads it back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saleOrderGateway } from '../connector/src/sync/orders/erp/sale-order.gateway.ts';
import { buildOrderContext } from '../connector/src/sync/orders/order-context.ts';
import type { ImportDeps, OrderRecord } from '../connector/src/sync/orders/import-records.ts';
import { createOrderSteps } from '../connector/src/sync/orders/import-orders.workflow.ts';
import { sweepOrders } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { orderDocuments } from '../connector/src/sync/orders/order-documents.ts';
import { referenceCacheOf } from '../connector/src/sync/orders/index.ts';
import { odooDatetime } from '../connector/src/sync/orders/mapping/sale-order.mapper.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { erpOrdersOf, runJobs, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { erpCallContexts, startRecordingProxy, type RecordingProxy } from './support/recording-proxy.ts';
import { startApi } from './support/api.ts';

const DE = 'A1PA6795UKMFR9';
const COMPANY = 1;

describe.each(['json2', 'jsonrpc'] as const)('ERP company and purchase date over %s', (transport) => {
  let stack: Stack;
  let proxy: RecordingProxy | undefined;
  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: `company_${transport}`,
      erpTransport: transport,
      erpUrlVia: async (url) => (proxy = await startRecordingProxy(url)).url,
      env: { ODOO_COMPANY_ID: String(COMPANY) },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
  });

  const purchaseDate = (id: string) => odooDatetime(String((stack.amazon.getOrder(id).order as { createdTime: string }).createdTime));
  const importable = (ids: string[]) => ids.filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind === 'import');

  it('sends the backend company in every ERP call, and the imported orders keep Amazon\'s purchase date', async () => {
    const ids = importable(stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, status: 'UNSHIPPED', marketplaceId: DE, business: false }));
    expect(ids.length).toBeGreaterThan(1);
    await sweepAndImport(stack);
    const calls = erpCallContexts(proxy!.requests);
    // the set-up at boot, the sweep's reference reads, the customers, the orders, the confirmation, the write-back
    for (const method of ['res.partner.create', 'sale.order.create', 'sale.order.action_confirm', 'sale.order.load', 'res.company.search_read']) {
      expect(calls.map((c) => c.call), method).toContain(method);
    }
    for (const c of calls) expect(c.context?.allowed_company_ids, c.call).toEqual([COMPANY]);
    // The transport really is the one asked for.
    expect(proxy!.requests.some((r) => r.url === (transport === 'json2' ? '/json/2/sale.order/create' : '/jsonrpc'))).toBe(true);

    // one load per confirmed batch writes the dates back, whatever their seconds; no write per date
    const count = (call: string) => calls.filter((c) => c.call === call).length;
    expect(count('sale.order.write')).toBe(0);
    expect(count('sale.order.load')).toBeGreaterThan(0);
    expect(count('sale.order.load')).toBeLessThanOrEqual(count('sale.order.action_confirm'));
    for (const id of ids) {
      const so = await theErpOrder(stack, id, ['state', 'date_order']);
      expect(so.state).toBe('sale');
      expect(so.date_order, id).toBe(purchaseDate(id));
      expect((await syncStateOf(stack, id))?.state).toBe('imported');
    }
  });

  it('repairs the date of an order confirmed without the write-back (a run that died in between)', async () => {
    const ids = importable(stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 4, status: 'UNSHIPPED', marketplaceId: DE, business: false }));
    expect(ids.length).toBeGreaterThan(0);
    // A run that created and bound the orders, confirmed them and died before writing the dates back.
    const window = { from: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(), to: new Date(Date.now() - 150_000).toISOString() };
    await sweepOrders(stack.env, { backendId: stack.backendId, window });
    const core = stack.env.core;
    const rt = await stack.env.runtimes.get(stack.backendId);
    const { found: stored } = await orderDocuments(core.documents).getMany(stack.backendId, ids, { withPii: true });
    const records: OrderRecord[] = [...stored.values()].map((s) => ({ key: s.amazonOrderId, stored: s, order: s.order }));
    const locks = await core.locker.session();
    try {
      const skus = records.flatMap((r) => r.order.orderItems.map((i) => i.product.sellerSku ?? ''));
      const deps: ImportDeps = { core, rt, ctx: await buildOrderContext(core, rt, referenceCacheOf(stack.env), skus), batchSize: 200, locks };
      expect((await createOrderSteps(deps).run(records)).counts.ok).toBe(ids.length);
    } finally {
      await locks.close();
    }
    const soIds = (await Promise.all(ids.map((id) => erpOrdersOf(stack, id)))).map(([so]) => so!.id);
    await saleOrderGateway(stack.erpClient).confirm(soIds, 200);
    const confirmed = await saleOrderGateway(stack.erpClient).readImported(soIds);
    for (const [i, id] of ids.entries()) expect(confirmed.get(soIds[i]!)?.dateOrder).not.toBe(purchaseDate(id));

    await runJobs(stack); // the import jobs the sweep enqueued, as the next worker runs them

    for (const id of ids) {
      const after = await erpOrdersOf(stack, id, ['state', 'date_order']);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ state: 'sale', date_order: purchaseDate(id) });
      expect((await syncStateOf(stack, id))?.state).toBe('imported');
    }
  });

  it('shows and changes the backend company through the API (PATCH erp.companyId), used by the next calls', async () => {
    const api = await startApi(stack);
    try {
      const view = await api.get<{ erp: { companyId: number | null } }>(`/api/backends/${stack.backendId}`);
      expect(view.body.erp.companyId).toBe(COMPANY);
      expect((await api.patch(`/api/backends/${stack.backendId}`, { erp: { companyId: 0 } })).status).toBe(400);
      expect((await api.patch(`/api/backends/${stack.backendId}`, {})).status).toBe(400);
      const cleared = await api.patch<{ erp: { companyId: number | null } }>(`/api/backends/${stack.backendId}`, { erp: { companyId: null } });
      expect(cleared.body.erp.companyId).toBeNull();
      const before = proxy!.requests.length;
      await (await stack.env.runtimes.get(stack.backendId)).erp.search('res.partner', [], { limit: 1 });
      expect(erpCallContexts(proxy!.requests.slice(before)).every((c) => c.context?.allowed_company_ids === undefined)).toBe(true);
      const back = await api.patch<{ erp: { companyId: number | null } }>(`/api/backends/${stack.backendId}`, { erp: { companyId: COMPANY } });
      expect(back.body.erp.companyId).toBe(COMPANY);
    } finally {
      await api.close();
    }
  });
});
