/**
 * The ERP side of the cancellations flow: the one place naming what it reads and writes — `sale.order` (state,
 * locked, invoice_status, its deliveries), `stock.picking` / `stock.move` (what already left), `action_cancel`
 * with the 17/18 `sale.order.cancel` wizard, and chatter notes (`message_post`, `mail.message`).
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const SALE_ORDER = 'sale.order';
export const PICKING = 'stock.picking';

export interface ErpDelivery {
  id: number;
  name: string | null;
  state: string;
  /** Units already moved by this delivery (done moves, or quantities set on open ones). */
  doneQuantity: number;
  writeDate: string;
}

/** What the flow must know of an ERP order before cancelling it, and what a conflict shows as the ERP's side. */
export interface ErpOrderState {
  id: number;
  name: string | null;
  state: string;
  locked: boolean;
  invoiceStatus: string | null;
  writeDate: string;
  deliveries: ErpDelivery[];
}

const text = (r: ErpRecord, f: string): string | null => (typeof r[f] === 'string' ? (r[f] as string) : null);
const bad = (r: ErpRecord, f: string) => new PermanentError('ERP_PROTOCOL', `the ERP's field ${f} of record ${r.id} has an unexpected type`, { id: r.id, field: f });

/** Whether an answer is Odoo's window action opening the 17/18 cancel wizard. */
const isCancelWizard = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as Record<string, unknown>).type === 'ir.actions.act_window' && (v as Record<string, unknown>).res_model === 'sale.order.cancel';

/** Outgoing deliveries not cancelled: what a note goes on and what a cancellation must not meet done. */
export const openDeliveries = (o: ErpOrderState): ErpDelivery[] => o.deliveries.filter((d) => d.state !== 'cancel' && d.state !== 'done');

/** Whether anything of the order left the warehouse (a done delivery, or units done on an open one). */
export const somethingShipped = (o: ErpOrderState): boolean => o.deliveries.some((d) => d.state === 'done' || d.doneQuantity > 0);

export function saleCancelGateway(erp: ErpPort) {
  return {
    /** The order with its outgoing deliveries and what they moved (three reads); null when it is gone. */
    async orderState(id: number): Promise<ErpOrderState | null> {
      const [o] = await erp.read(SALE_ORDER, [id], ['name', 'state', 'locked', 'invoice_status', 'picking_ids', 'write_date']);
      if (!o) return null;
      const pickingIds = Array.isArray(o.picking_ids) ? (o.picking_ids as number[]) : [];
      const pickings = pickingIds.length ? await erp.read(PICKING, pickingIds, ['name', 'state', 'picking_type_code', 'move_ids', 'write_date']) : [];
      const outgoing = pickings.filter((p) => text(p, 'picking_type_code') === 'outgoing');
      const moveIds = outgoing.flatMap((p) => (Array.isArray(p.move_ids) ? (p.move_ids as number[]) : []));
      const moves = moveIds.length ? await erp.read('stock.move', moveIds, ['picking_id', 'quantity', 'state', 'picked']) : [];
      const done = new Map<number, number>();
      for (const m of moves) {
        const picking = Array.isArray(m.picking_id) ? (m.picking_id[0] as number) : typeof m.picking_id === 'number' ? m.picking_id : null;
        if (picking === null) continue;
        if (typeof m.quantity !== 'number') throw bad(m, 'quantity');
        // A done move left; on an open one only units marked picked count (a reservation is no shipment).
        const moved = text(m, 'state') === 'done' || m.picked === true ? m.quantity : 0;
        done.set(picking, (done.get(picking) ?? 0) + moved);
      }
      return {
        id: o.id,
        name: text(o, 'name'),
        state: text(o, 'state') ?? '',
        locked: o.locked === true,
        invoiceStatus: text(o, 'invoice_status'),
        writeDate: text(o, 'write_date') ?? '',
        deliveries: outgoing.map((p) => ({ id: p.id, name: text(p, 'name'), state: text(p, 'state') ?? '', doneQuantity: done.get(p.id) ?? 0, writeDate: text(p, 'write_date') ?? '' })),
      };
    },

    /**
     * Cancels the order and, with it, its open deliveries (freeing their reservations). 19 cancels at once; 17/18
     * answer the `sale.order.cancel` wizard unless `disable_cancel_warning` is in the context: it is, and should a
     * server still answer the wizard, it is created for the order and run.
     */
    async cancel(id: number): Promise<'cancelled' | 'cancelled-by-wizard'> {
      const context = { disable_cancel_warning: true };
      const answer = await erp.call(SALE_ORDER, 'action_cancel', [id], { context });
      if (!isCancelWizard(answer)) return 'cancelled';
      const [wizard] = await erp.create('sale.order.cancel', [{ order_id: id }], { context });
      await erp.call('sale.order.cancel', 'action_cancel', [wizard!], { context });
      return 'cancelled-by-wizard';
    },

    /** Ids of the notes on `model` record `id` whose body holds `marker` (a note posted before a crash is found). */
    async notesWith(model: string, id: number, marker: string): Promise<number[]> {
      return erp.search('mail.message', [['model', '=', model], ['res_id', '=', id], ['body', 'ilike', marker]]);
    },

    /**
     * Posts an internal note on one record (`message_post` runs on one record: Odoo's ensure_one). Odoo 17/18 answer
     * the new message's id (`@api.returns`); an answer as a list of ids is accepted too.
     */
    async postNote(model: string, id: number, body: string): Promise<number | null> {
      const answer = await erp.call(model, 'message_post', [id], { kwargs: { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' } });
      if (typeof answer === 'number') return answer;
      if (Array.isArray(answer) && typeof answer[0] === 'number') return answer[0];
      return null;
    },
  };
}

export type SaleCancelGateway = ReturnType<typeof saleCancelGateway>;
