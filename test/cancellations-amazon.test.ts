/**
 * Amazon -> ERP cancellations as a seller meets them (real PostgreSQL, both sandboxes over HTTP, Odoo 19 over
 * JSON-2): Amazon cancels an order nothing of which shipped -> the ERP order and its delivery are cancelled, the
 * stock freed, once, and noted as the connector's own write (the change feed does not send it back); Amazon
 * cancels a shipped order -> a conflict with both states where cancel_in_erp is refused and keep closes it; a buyer
 * asks to cancel -> one note on the ERP order and on its delivery, a conflict, and cancel_in_erp cancels the ERP
 * order with the reason the ERP -> Amazon part sends (BuyerCanceled). The 18 face over JSON-RPC is in
 * cancellations-erp18.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { conflictsOf, runJobs, sweepAndImport, theErpOrder, visibleNow } from './support/lifecycle.ts';
import { CancellationTasks, cancellationOf } from '../connector/src/sync/cancellations/index.ts';

const DE = 'A1PA6795UKMFR9';
const CANCEL_TASKS = [CancellationTasks.cancel, CancellationTasks.buyerRequest];

describe('cancellations from Amazon into the ERP', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'cancel_in' });
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { cancellations: { enabled: true } } } });
    await stack.env.runtimes.invalidate(stack.backendId);
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const generate = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE });
  const syncAll = async () => {
    await sweepAndImport(stack);
    await runJobs(stack, CANCEL_TASKS);
  };
  const pickingsOf = async (amazonOrderId: string) => {
    const so = await theErpOrder(stack, amazonOrderId, ['picking_ids']);
    return stack.erpClient.read('stock.picking', so.picking_ids as number[], ['state', 'move_ids']);
  };
  const notesOn = (model: string, id: number) =>
    stack.erpClient.searchRead('mail.message', [['model', '=', model], ['res_id', '=', id]], ['body', 'message_type', 'subtype']);
  const ownWriteOf = async (model: string, id: number) =>
    (await stack.env.db.pool.query('select 1 from erp_own_write where backend_id = $1 and model = $2 and erp_id = $3', [stack.backendId, model, id])).rowCount;
  type View = { status: number; body: { status?: string; code?: string; actions?: Array<{ action: string; available: boolean }> } };
  const conflictView = async (id: number): Promise<View> => api.get(`/api/conflicts/${id}`);
  const act = (id: number, action: string): Promise<View> => api.post(`/api/conflicts/${id}/resolve`, { action });

  it('Amazon cancels an unshipped order: the ERP order and its delivery are cancelled once, stock freed, noted as our own write', async () => {
    const [id] = generate(1);
    await syncAll();
    const [delivery] = await pickingsOf(id!);
    const moves = await stack.erpClient.read('stock.move', delivery!.move_ids as number[], ['product_id', 'quantity']);
    const productId = (moves[0]!.product_id as [number, string])[0];
    const reserved = moves.filter((m) => (m.product_id as [number, string])[0] === productId).reduce((n, m) => n + (m.quantity as number), 0);
    const freeBefore = (await stack.erpClient.read('product.product', [productId], ['free_qty']))[0]!.free_qty as number;

    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'CANCELLED', lastUpdatedTime: visibleNow() });
    await syncAll();
    const so = await theErpOrder(stack, id!);
    expect(so.state).toBe('cancel');
    expect((await pickingsOf(id!)).map((p) => p.state)).toEqual(['cancel']);
    const freeAfter = (await stack.erpClient.read('product.product', [productId], ['free_qty']))[0]!.free_qty as number;
    expect(freeAfter - freeBefore).toBe(reserved);
    // Amazon cancelled it itself: the ERP -> Amazon part reads "nothing to send"; our write is no change to feed back.
    expect(await cancellationOf(stack.env.db.pool, stack.backendId, id!)).toMatchObject({ source: 'amazon', state: 'cancelled', amazonCancelled: true, sellerCancelReason: null, erpOrderId: so.id });
    expect(await ownWriteOf('sale.order', so.id)).toBe(1);
    expect(await ownWriteOf('stock.picking', delivery!.id)).toBe(1);
    expect(await conflictsOf(stack, id!)).toEqual([]);

    // Again (a resync, a repeated notification): nothing more is written in the ERP.
    await stack.env.db.pool.query(`select graphile_worker.add_job($1, $2::json)`, [CancellationTasks.cancel, JSON.stringify({ backendId: stack.backendId, amazonOrderId: id })]);
    await runJobs(stack, CANCEL_TASKS);
    expect((await theErpOrder(stack, id!)).write_date).toBe(so.write_date);
  });

  it('Amazon cancels a shipped order: a conflict with both states; cancel_in_erp is refused, keep closes it', async () => {
    const [id] = generate(1);
    await syncAll();
    const [delivery] = await pickingsOf(id!);
    for (const m of await stack.erpClient.read('stock.move', delivery!.move_ids as number[], ['product_uom_qty'])) {
      await stack.erpClient.write('stock.move', [m.id], { quantity: m.product_uom_qty, picked: true });
    }
    expect(await stack.erpClient.call('stock.picking', 'button_validate', [delivery!.id])).toBe(true);

    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'CANCELLED', lastUpdatedTime: visibleNow() });
    await syncAll();
    expect((await theErpOrder(stack, id!)).state).toBe('sale');
    const [c] = await conflictsOf(stack, id!);
    expect(c).toMatchObject({ code: 'ORDER_CANCELLED_AFTER_IMPORT', status: 'open' });
    const view = (await conflictView(c!.id)).body as View['body'] & { amazonSnapshot: { fulfillmentStatus: string }; erpSnapshot: { state: string; deliveries: Array<{ state: string }> } };
    expect(view.amazonSnapshot.fulfillmentStatus).toBe('CANCELLED');
    expect(view.erpSnapshot).toMatchObject({ state: 'sale', deliveries: [{ state: 'done' }] });
    expect(view.actions!.filter((a) => a.action === 'cancel_in_erp' || a.action === 'keep').map((a) => [a.action, a.available])).toEqual([['cancel_in_erp', false], ['keep', true]]);

    const refused = await act(c!.id, 'cancel_in_erp');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT_ACTION_UNAVAILABLE');
    // A name no flow declares is bad input, refused at the boundary with the known actions named.
    const unknown = (await act(c!.id, 'no_such_action')) as View & { body: { message?: string } };
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(unknown.body.message).toContain('"cancel_in_erp", "keep"');
    const kept = await act(c!.id, 'keep');
    expect(kept.status).toBe(200);
    expect(kept.body.status).toBe('resolved');
    expect(await cancellationOf(stack.env.db.pool, stack.backendId, id!)).toMatchObject({ state: 'kept', decision: 'keep', decidedBy: expect.any(String) });
    // The retry loop is over: the kept order raises nothing again.
    await syncAll();
    expect((await conflictsOf(stack, id!)).map((x) => x.status)).toEqual(['resolved']);
    expect((await theErpOrder(stack, id!)).state).toBe('sale');
  });

  it('the buyer asks to cancel: one note on the ERP order and its delivery, a conflict; cancel_in_erp cancels with BuyerCanceled', async () => {
    const [id] = generate(1);
    await syncAll();
    const raw = stack.amazon.getOrder(id!).order as { orderItems: Array<Record<string, unknown>> };
    const items = raw.orderItems.map((it, i) => (i === 0 ? { ...it, cancellation: { cancellationRequest: { requester: 'BUYER', cancelReason: 'Order created by mistake' } } } : it));
    stack.amazon.updateOrder(id!, { orderItems: items, lastUpdatedTime: visibleNow() });
    await syncAll();
    const so = await theErpOrder(stack, id!);
    const [delivery] = await pickingsOf(id!);
    expect(so.state).toBe('sale');
    const orderNotes = await notesOn('sale.order', so.id);
    expect(orderNotes).toHaveLength(1);
    expect(orderNotes[0]).toMatchObject({ message_type: 'comment', subtype: 'Note' });
    expect(orderNotes[0]!.body).toContain('Order created by mistake');
    expect(await notesOn('stock.picking', delivery!.id)).toHaveLength(1);
    const [c] = await conflictsOf(stack, id!);
    expect(c).toMatchObject({ code: 'ORDER_BUYER_CANCEL_REQUESTED', status: 'open' });
    const view = (await conflictView(c!.id)).body as View['body'] & { amazonSnapshot: { items: Array<{ requester: string | null }> }; erpSnapshot: { state: string } };
    expect(view.amazonSnapshot.items[0]!.requester).toBe('BUYER');
    expect(view.erpSnapshot.state).toBe('sale');

    // The same request seen again (a later change of the order, a repeated job): no second note.
    stack.amazon.updateOrder(id!, { lastUpdatedTime: new Date(Date.parse(visibleNow()) + 1000).toISOString().replace('.000Z', 'Z') });
    await stack.env.db.pool.query(`select graphile_worker.add_job($1, $2::json)`, [CancellationTasks.buyerRequest, JSON.stringify({ backendId: stack.backendId, amazonOrderId: id })]);
    await syncAll();
    expect(await notesOn('sale.order', so.id)).toHaveLength(1);

    // The bulk route takes flow actions too, among the codes that offer them.
    const bulk = (body: object) => api.post<{ count?: number; code?: string }>('/api/conflicts/resolve', { backendId: stack.backendId, amazonKey: id, ...body });
    expect((await bulk({ action: 'cancel_in_erp', dryRun: true })).body.count).toBe(1);
    expect(await bulk({ action: 'keep', codes: ['SKU_UNMAPPED'] })).toMatchObject({ status: 409, body: { code: 'CONFLICT_ACTION_UNAVAILABLE' } });

    const accepted = await act(c!.id, 'cancel_in_erp');
    expect(accepted.status).toBe(200);
    await runJobs(stack, CANCEL_TASKS);
    expect((await theErpOrder(stack, id!)).state).toBe('cancel');
    expect((await pickingsOf(id!)).map((p) => p.state)).toEqual(['cancel']);
    expect(await cancellationOf(stack.env.db.pool, stack.backendId, id!)).toMatchObject({
      source: 'buyer_request', state: 'cancelled', decision: 'cancel_in_erp', sellerCancelReason: 'BuyerCanceled', amazonCancelled: false,
    });
  });
});
