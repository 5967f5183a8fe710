/**
 * ORDER_EDITED_IN_ERP, answered by a person as they would from the Conflicts screen (over the API, the sandboxes
 * over real HTTP): the conflict shows both sides' lines with the differing ones marked; take_amazon writes Amazon's
 * lines onto the edited ERP order once (the task reads the ERP order again, the import writes), keep_erp leaves the
 * ERP order as it is and the same Amazon change raises nothing again, while a later one is applied as usual.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import type { SandboxOrder } from './support/expected-orders.ts';
import { conflictsOf, erpLines, erpOrdersOf, openConflictCodes, runJobs, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { scaleQuantityPatch } from './support/order-edits.ts';
import { Tasks } from '../connector/src/sync/orders/orders.payloads.ts';

const DE = 'A1PA6795UKMFR9';
const DECISIONS = [Tasks.takeAmazon, Tasks.keepErp];

type Detail = {
  actions: Array<{ action: string; available: boolean; description: string }>;
  amazonSide: Record<string, { quantity: string; priceUnit: string }>;
  erpSide: Record<string, { quantity: string; priceUnit: string }>;
  fields: Array<{ field: string; amazon: unknown; erp: unknown }>;
};

describe('ORDER_EDITED_IN_ERP: take_amazon and keep_erp', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'edited' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const amazonOrder = (id: string) => stack.amazon.getOrder(id).order as unknown as SandboxOrder & Record<string, unknown>;

  /** An imported order (some generated orders sell an unmapped SKU: one that imported is taken). */
  async function importedOrder(): Promise<string> {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 4, status: 'UNSHIPPED', marketplaceId: DE, business: false });
    await sweepAndImport(stack);
    for (const id of ids) if ((await syncStateOf(stack, id))?.state === 'imported') return id;
    throw new Error('no generated order imported');
  }

  /** Imports an order, edits it in the ERP, changes its first line's quantity on Amazon: the open conflict. */
  async function editedOnBothSides(factor: number): Promise<{ id: string; conflictId: number; edited: Record<string, unknown> }> {
    const id = await importedOrder();
    // Odoo's write_date has whole seconds: an edit within the import's second could not be told from it.
    await new Promise((r) => setTimeout(r, 1100));
    const so = await theErpOrder(stack, id);
    await stack.erpClient.write('sale.order', [so.id], { note: 'Buyer called: leave at the neighbour' });
    const edited = await theErpOrder(stack, id);
    stack.amazon.updateOrder(id, scaleQuantityPatch(amazonOrder(id), factor));
    await sweepAndImport(stack);
    const [c] = (await conflictsOf(stack, id)).filter((x) => x.status === 'open');
    expect(c).toMatchObject({ code: 'ORDER_EDITED_IN_ERP' });
    return { id, conflictId: c!.id, edited };
  }

  it('the conflict shows both sides line by line, the changed quantity marked, and offers take_amazon and keep_erp', async () => {
    const { id, conflictId } = await editedOnBothSides(3);
    const so = await theErpOrder(stack, id);
    const [first] = await erpLines(stack, so.order_line as number[]);
    const { status, body } = await api.get<Detail>(`/api/conflicts/${conflictId}`);
    expect(status).toBe(200);
    expect(body.actions.filter((a) => a.action === 'take_amazon' || a.action === 'keep_erp')).toEqual([
      { action: 'take_amazon', available: true, description: expect.stringContaining("Amazon's current lines") },
      { action: 'keep_erp', available: true, description: expect.stringContaining('accept the ERP order') },
    ]);
    const sku = amazonOrder(id).orderItems[0]!.product.sellerSku as string;
    const qty = Number(first!.product_uom_qty);
    expect(body.erpSide[sku]).toEqual({ quantity: String(qty), priceUnit: expect.any(String) });
    expect(body.amazonSide[sku]).toEqual({ quantity: String(qty * 3), priceUnit: body.erpSide[sku]!.priceUnit });
    expect(body.fields.map((f) => f.field)).toEqual([sku]);
  });

  it('take_amazon writes Amazon\'s lines onto the edited order, once however often it is asked', async () => {
    const { id, conflictId, edited } = await editedOnBothSides(2);
    const [before] = await erpLines(stack, edited.order_line as number[]);
    const first = await api.post(`/api/conflicts/${conflictId}/resolve`, { action: 'take_amazon' });
    expect(first).toMatchObject({ status: 200, body: { status: 'resolved', resolution: { action: 'take_amazon' } } });
    const again = await api.post(`/api/conflicts/${conflictId}/resolve`, { action: 'take_amazon' });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT_NOT_OPEN' } });
    expect(await runJobs(stack, DECISIONS)).toBeGreaterThanOrEqual(2);

    const orders = await erpOrdersOf(stack, id);
    expect(orders).toHaveLength(1);
    const after = await theErpOrder(stack, id);
    expect(after.id).toBe(edited.id);
    expect(after.note).toBe(edited.note); // the ERP user's note stays: only the lines are Amazon's
    const [line] = await erpLines(stack, after.order_line as number[]);
    expect(Number(line!.product_uom_qty)).toBe(Number(before!.product_uom_qty) * 2);
    expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    expect(await openConflictCodes(stack, id)).toEqual([]);
    // The Orders screen's money: Amazon's total and the ERP's as read back by the import, equal (no mark).
    const view = await api.get<{ total: { amount: string }; erpTotal: { amount: string } | null; totalsDiffer: boolean }>(`/api/backends/${stack.backendId}/orders/${id}`);
    expect(Number(view.body.erpTotal?.amount)).toBe(Number(after.amount_total));
    expect(view.body).toMatchObject({ totalsDiffer: false, erpTotal: { amount: view.body.total.amount } });
    // Swept again without an Amazon change: nothing to do, nothing raised.
    await sweepAndImport(stack);
    expect(await openConflictCodes(stack, id)).toEqual([]);
    expect((await theErpOrder(stack, id)).write_date).toBe(after.write_date);
  });

  it('keep_erp leaves the ERP order as it is; the same Amazon change raises nothing again, a later one is applied', async () => {
    const { id, conflictId, edited } = await editedOnBothSides(2);
    const kept = await api.post(`/api/conflicts/${conflictId}/resolve`, { action: 'keep_erp' });
    expect(kept).toMatchObject({ status: 200, body: { status: 'resolved' } });
    expect(await runJobs(stack, DECISIONS)).toBe(1);
    expect(await theErpOrder(stack, id)).toEqual(edited);
    expect(await syncStateOf(stack, id)).toEqual({ state: 'kept', code: 'ORDER_EDITED_IN_ERP' });

    // The retry a person might still ask for, and a re-sync: the kept version is the synced one now.
    const resync = await api.post(`/api/backends/${stack.backendId}/orders/${id}/resync`, {});
    expect(resync.status).toBeLessThan(300);
    await runJobs(stack, DECISIONS);
    expect(await openConflictCodes(stack, id)).toEqual([]);
    expect(await theErpOrder(stack, id)).toEqual(edited);

    // A later Amazon change meets the ERP order as kept (its write_date is the binding's): applied.
    const [before] = await erpLines(stack, edited.order_line as number[]);
    stack.amazon.updateOrder(id, scaleQuantityPatch(amazonOrder(id), 2));
    await sweepAndImport(stack);
    expect(await openConflictCodes(stack, id)).toEqual([]);
    const [line] = await erpLines(stack, (await theErpOrder(stack, id)).order_line as number[]);
    // Amazon's quantity now: twice the doubled one the ERP kept out (the ERP side still had the original).
    expect(Number(line!.product_uom_qty)).toBe(Number(before!.product_uom_qty) * 4);
    expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
  });

  it('take_amazon on an order delivered meanwhile writes nothing: a new ORDER_CHANGED_AFTER_IMPORT conflict', async () => {
    const { id, conflictId } = await editedOnBothSides(2);
    const so = await theErpOrder(stack, id, ['picking_ids']);
    const [picking] = await stack.erpClient.read('stock.picking', so.picking_ids as number[], ['move_ids']);
    const moves = await stack.erpClient.read('stock.move', picking!.move_ids as number[], ['product_uom_qty']);
    for (const m of moves) await stack.erpClient.write('stock.move', [m.id], { quantity: m.product_uom_qty, picked: true });
    expect(await stack.erpClient.call('stock.picking', 'button_validate', [picking!.id])).toBe(true);
    const delivered = await theErpOrder(stack, id);

    expect((await api.post(`/api/conflicts/${conflictId}/resolve`, { action: 'take_amazon' })).status).toBe(200);
    await runJobs(stack, DECISIONS);
    expect(await openConflictCodes(stack, id)).toEqual(['ORDER_CHANGED_AFTER_IMPORT']);
    expect(await theErpOrder(stack, id)).toEqual(delivered);
  });
});
