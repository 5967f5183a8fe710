/**
 * Messages to Amazon buyers (Messaging), end to end against both sandboxes over HTTP through the connector's API:
 * merchant orders imported into the ERP, one still to ship, one shipped. What a seller checks: the types Amazon
 * allows for each order's state are listed; one sent arrives at Amazon as written and is noted on the ERP sales
 * order's chatter; a type Amazon does not allow now is refused with a clear code before anything is sent; a body
 * the model refuses never reaches Amazon; a viewer-level caller without a token cannot send.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { sweepAndImport, theErpOrder } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
type Allowed = { amazonOrderId: string; marketplaceId: string; buyerLocale: string | null; types: Array<{ type: string; sendable: boolean; fields: string[] }> };
type Sent = { id: number; state: string; messageType: string; text: string | null; erpOrderId: number | null; erpMessageId: number | null; sentBy: string | null };
type Care = { requests: Array<{ action: string; outcome: string; body?: unknown }> };

describe('buyer messages: the allowed types, one sent and noted on the ERP order', () => {
  let stack: Stack;
  let api: ApiHandle;
  let open: string;
  let shipped: string;
  const base = (id: string) => `/api/backends/${stack.backendId}/orders/${id}/messages`;
  const care = async (id: string) => (await (await fetch(`${stack.amazon.url}/_sandbox/orders/${id}/care`)).json()) as Care;
  const messageCalls = () => stack.amazon.calls().operations.filter((s) => s.operation.startsWith('create') || s.operation === 'CreateWarranty').reduce((n, s) => n + s.calls, 0);

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'buyer-messages', amazon: { returnShare: 0, refundShare: 0 } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 4, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    const imported: string[] = [];
    for (const id of ids) if ((await theErpOrder(stack, id).catch(() => null))?.state === 'sale') imported.push(id);
    expect(imported.length).toBeGreaterThan(1);
    [open, shipped] = imported as [string, string];
    stack.amazon.updateOrder(shipped, { fulfillmentStatus: 'SHIPPED' });
    api = await startApi(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('is refused while the flow is switched off', async () => {
    const off = await api.get<{ code: string }>(`${base(open)}/allowed`);
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('BUYER_MESSAGES_OFF');
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { 'buyer-messages': { enabled: true } } } });
  });

  it('lists the types Amazon allows for the order\'s state', async () => {
    const before = await api.get<Allowed>(`${base(open)}/allowed`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ amazonOrderId: open, marketplaceId: DE, buyerLocale: 'de-DE' });
    const types = before.body.types.map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(['confirmDeliveryDetails', 'confirmOrderDetails', 'unexpectedProblem', 'legalDisclosure']));
    expect(types).not.toContain('warranty');
    // Allowed by Amazon, but it takes attachments (Uploads API): listed, not sendable from the connector.
    expect(before.body.types.find((t) => t.type === 'legalDisclosure')).toMatchObject({ sendable: false, fields: [] });
    expect(before.body.types.find((t) => t.type === 'confirmDeliveryDetails')).toMatchObject({ sendable: true, fields: ['text'] });
    const after = await api.get<Allowed>(`${base(shipped)}/allowed`);
    expect(after.body.types.map((t) => t.type)).toEqual(expect.arrayContaining(['warranty', 'unexpectedProblem']));
    expect(after.body.types.map((t) => t.type)).not.toContain('confirmOrderDetails');
  });

  it('sends one message, as written, and notes it on the ERP sales order', async () => {
    const text = 'Ihre Bestellung wird morgen zwischen 9 und 12 Uhr geliefert.';
    const sent = await api.post<Sent>(base(open), { type: 'confirmDeliveryDetails', text });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ state: 'sent', messageType: 'confirmDeliveryDetails', text, sentBy: expect.any(String) });
    const so = await theErpOrder(stack, open);
    expect(sent.body.erpOrderId).toBe(so.id);
    expect(sent.body.erpMessageId).toEqual(expect.any(Number));
    const [note] = await stack.erpClient.read('mail.message', [sent.body.erpMessageId!], ['model', 'res_id', 'body']);
    expect(note).toMatchObject({ model: 'sale.order', res_id: so.id });
    expect(String(note!.body)).toContain(text);
    const accepted = (await care(open)).requests.filter((r) => r.outcome === 'accepted');
    expect(accepted).toEqual([expect.objectContaining({ action: 'confirmDeliveryDetails', body: { text } })]);
    const listed = await api.get<{ items: Sent[] }>(base(open));
    expect(listed.body.items.map((m) => [m.messageType, m.state])).toEqual([['confirmDeliveryDetails', 'sent']]);
  });

  it('refuses a type Amazon does not allow now with MESSAGE_TYPE_NOT_ALLOWED, before sending anything', async () => {
    const before = messageCalls();
    const refused = await api.post<{ code: string; details?: { allowed?: string[] } }>(base(shipped), { type: 'confirmOrderDetails', text: 'Bitte bestätigen Sie Ihre Bestellung.' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MESSAGE_TYPE_NOT_ALLOWED');
    expect(messageCalls()).toBe(before);
    expect((await care(shipped)).requests).toEqual([]);
  });

  it('never sends a body the model refuses, nor lets a caller without a token send', async () => {
    const before = messageCalls();
    const bad = await api.post<{ code: string }>(base(shipped), { type: 'warranty', text: 'no dates' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const anonymous = await api.post(base(shipped), { type: 'unexpectedProblem', text: 'Leider verzögert sich die Lieferung.' }, { token: null });
    expect(anonymous.status).toBe(401);
    expect(messageCalls()).toBe(before);
    const warranty = await api.post<Sent>(base(shipped), { type: 'warranty', coverageStartDate: '2026-12-01T00:00:00Z', coverageEndDate: '2028-12-01T00:00:00Z' });
    expect(warranty.status).toBe(201);
    expect(warranty.body.state).toBe('sent');
  });
});
