/**
 * The cancellations flow's ERP calls on the 17/18 face over JSON-RPC (the ERP sandbox as Odoo 18; JSON-2 does not
 * exist there): reading an order and its delivery, the internal notes on the order and the delivery, and the
 * cancellation — at once with `disable_cancel_warning`, and through the `sale.order.cancel` wizard when the server
 * still answers it (a server that drops the context is stood in for by a port that leaves it out).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ErpPort } from '../connector/src/erp/erp-port.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import { saleCancelGateway } from '../connector/src/sync/cancellations/erp/sale-cancel.gateway.ts';
import { connectErp, startErp, type ErpHandle } from './support/erp.ts';

describe('cancellations on the Odoo 18 face over JSON-RPC', () => {
  let erp: ErpHandle;
  let client: OdooClient;
  let productId: number;
  let partnerId: number;
  beforeAll(async () => {
    erp = await startErp({ version: 18, adminUrl: inject('pgAdminUrl'), label: 'cancel18' });
    client = await connectErp(erp, { transport: 'jsonrpc' });
    partnerId = (await client.create('res.partner', [{ name: 'Cancel Test Buyer' }]))[0]!;
    const [p] = await client.searchRead('product.product', [['is_storable', '=', true], ['qty_available', '>', 10]], ['id'], { limit: 1 });
    productId = p!.id;
  });
  afterAll(async () => {
    await client?.close();
    await erp?.close();
  });

  const confirmedOrder = async () => {
    const [id] = await client.create('sale.order', [{ partner_id: partnerId, order_line: [[0, 0, { product_id: productId, product_uom_qty: 2 }]] }]);
    await client.call('sale.order', 'action_confirm', [id!]);
    return id!;
  };
  const states = async (id: number) => {
    const [o] = await client.read('sale.order', [id], ['state', 'picking_ids']);
    const pickings = await client.read('stock.picking', o!.picking_ids as number[], ['state']);
    return { order: o!.state, pickings: pickings.map((p) => p.state) };
  };

  it('reads the order, notes it and its delivery once each, and cancels it at once with disable_cancel_warning', async () => {
    const id = await confirmedOrder();
    const gw = saleCancelGateway(client);
    const before = await gw.orderState(id);
    expect(before).toMatchObject({ state: 'sale', locked: false, deliveries: [{ state: 'assigned', doneQuantity: 0 }] });
    const delivery = before!.deliveries[0]!.id;
    const noteId = await gw.postNote('sale.order', id, 'The buyer asked to cancel [amazon-cancel-request 028-1]');
    expect(noteId).toEqual(expect.any(Number));
    await gw.postNote('stock.picking', delivery, 'The buyer asked to cancel [amazon-cancel-request 028-1]');
    expect(await gw.notesWith('sale.order', id, '[amazon-cancel-request 028-1]')).toEqual([noteId]);
    expect(await gw.notesWith('stock.picking', delivery, '[amazon-cancel-request 028-1]')).toHaveLength(1);
    const [note] = await client.read('mail.message', [noteId!], ['model', 'res_id', 'body', 'message_type', 'subtype']);
    expect(note).toMatchObject({ model: 'sale.order', res_id: id, message_type: 'comment', subtype: 'Note' });

    expect(await gw.cancel(id)).toBe('cancelled');
    expect(await states(id)).toEqual({ order: 'cancel', pickings: ['cancel'] });
  });

  it('runs the sale.order.cancel wizard when the server answers with it', async () => {
    const id = await confirmedOrder();
    // What 17/18 answer without the context: the wizard's window action.
    const asked = await client.call('sale.order', 'action_cancel', [id]);
    expect(asked).toMatchObject({ type: 'ir.actions.act_window', res_model: 'sale.order.cancel' });
    expect((await states(id)).order).toBe('sale');
    // A server that ignores the context: the gateway creates the wizard for the order and runs it.
    const ignoring = new Proxy(client, {
      get(target, key) {
        if (key === 'call') return (model: string, method: string, ids: number[] | null, opts?: object) => target.call(model, method, ids, model === 'sale.order' ? {} : opts);
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as ErpPort;
    expect(await saleCancelGateway(ignoring).cancel(id)).toBe('cancelled-by-wizard');
    expect(await states(id)).toEqual({ order: 'cancel', pickings: ['cancel'] });
  });
});
