/**
 * The orders flow's access to the ERP's sales orders: the one place that names `sale.order`, its fields and its
 * methods. Every answer is typed (no untyped row reaches a step); the batched calls stay batched (one call per
 * batch of `batchSize`), since the bench counts ERP calls per order.
 */
import type { SyncError } from '../../../core/errors.ts';
import type { CallManyResult, CreateResult, ErpPort, Vals } from '../../../erp/erp-port.ts';
import { decimalText, idList, text } from './erp-rows.ts';
import { writeOrderDates } from './order-dates.gateway.ts';

/** The ERP model of an imported order (bindings of kind `order` point at it). */
export const SALE_ORDER_MODEL = 'sale.order';

/** An ERP sales order as the import first meets it: found by reference or just created. */
export interface SaleOrderRef {
  id: number;
  /** Odoo's state: draft, sent, sale, done, cancel. Only drafts (and sent quotations) get confirmed. */
  state: string;
}

/** A sales order read back after the import. */
export interface ImportedSaleOrder extends SaleOrderRef {
  name: string;
  /** Odoo's write_date ("2026-01-05 14:20:00"): a later ERP-side edit changes it. */
  writeDate: string;
  /** Decimal text in the order's currency. */
  amountTotal: string;
  /** The order's tax, decimal text in its currency. */
  amountTax: string;
  /** Odoo's date_order ("2026-01-05 14:20:00", UTC): Amazon's purchase date once written back after confirming. */
  dateOrder: string;
}

/** What an update must know of an imported order before it may touch it. */
export interface SaleOrderSide extends SaleOrderRef {
  writeDate: string;
  lineIds: number[];
  invoiced: boolean;
  /** One of its deliveries is done. */
  delivered: boolean;
}

/** One order to create: the mapped header and line vals and the partners resolved for it. */
export interface NewSaleOrder {
  header: Vals;
  lines: readonly Vals[];
  partnerId: number;
  /** The delivery contact; the customer when the order has no separate address. */
  deliveryId: number | null;
}

/** States of a confirmed sales order (`done` is a locked one). */
const CONFIRMED: ReadonlySet<string> = new Set(['sale', 'done']);

/** Whether a sales order in `state` is a quotation still to be confirmed. */
export const isDraft = (state: string): boolean => state === 'draft' || state === 'sent';

/** The typed sale.order calls of the orders flow over one ERP connection. */
export function saleOrderGateway(erp: ErpPort) {
  const gateway = {
    /** Sales orders whose customer reference is one of `refs` (the Amazon order ids); the oldest wins a tie. */
    async findByRefs(refs: readonly string[]): Promise<Map<string, SaleOrderRef>> {
      const rows = await erp.searchRead(SALE_ORDER_MODEL, [['client_order_ref', 'in', refs]], ['client_order_ref', 'state'], { order: 'id asc' });
      const byRef = new Map<string, SaleOrderRef>();
      for (const row of rows) {
        const ref = text(row, 'client_order_ref');
        if (!byRef.has(ref)) byRef.set(ref, { id: row.id, state: text(row, 'state') });
      }
      return byRef;
    },

    /**
     * Creates the orders with their lines, at most `batchSize` per call; one result per order, in input order.
     * After a timed-out call the orders are looked up by reference first (the call may have created them after
     * the client gave up): only those still missing are created again.
     */
    create(orders: readonly NewSaleOrder[], batchSize: number): Promise<CreateResult[]> {
      const vals = orders.map((o) => ({
        ...o.header,
        partner_id: o.partnerId,
        partner_invoice_id: o.partnerId,
        partner_shipping_id: o.deliveryId ?? o.partnerId,
        order_line: o.lines.map((l) => [0, 0, l]),
      }));
      const reconcile = async (chunk: readonly Vals[]): Promise<Array<number | null>> => {
        const refs = chunk.map((v) => (typeof v.client_order_ref === 'string' ? v.client_order_ref : ''));
        const found = await gateway.findByRefs(refs.filter(Boolean));
        return refs.map((ref) => (ref ? (found.get(ref)?.id ?? null) : null));
      };
      return erp.createMany(SALE_ORDER_MODEL, vals, { batchSize, reconcile });
    },

    /**
     * Confirms quotations, at most `batchSize` per call (confirming creates and reserves their deliveries). After
     * a timed-out call the orders' state is read first: only those still draft (or sent) are confirmed again.
     */
    confirm(ids: readonly number[], batchSize: number): Promise<CallManyResult[]> {
      return erp.callMany(SALE_ORDER_MODEL, 'action_confirm', ids, { batchSize, reconcile: (chunk) => gateway.confirmedAmong(chunk) });
    },

    /** Per id, whether the order is confirmed already (state sale or done); missing ones are not. */
    async confirmedAmong(ids: readonly number[]): Promise<boolean[]> {
      const rows = await erp.read(SALE_ORDER_MODEL, ids, ['state']);
      const state = new Map(rows.map((r) => [r.id, text(r, 'state')]));
      return ids.map((id) => CONFIRMED.has(state.get(id) ?? ''));
    },

    /** Writes each order's Amazon purchase date back (order-dates.gateway.ts: one `load` per batch). */
    writeOrderDates(dates: ReadonlyMap<number, string>): Promise<Map<number, SyncError>> {
      return writeOrderDates(erp, dates);
    },

    /** Name, state, write_date, date, total and tax of `ids` (one call); missing ids are absent from the map. */
    async readImported(ids: readonly number[]): Promise<Map<number, ImportedSaleOrder>> {
      const rows = await erp.read(SALE_ORDER_MODEL, ids, ['name', 'state', 'amount_total', 'amount_tax', 'write_date', 'date_order']);
      return new Map(
        rows.map((row) => [
          row.id,
          { id: row.id, name: text(row, 'name'), state: text(row, 'state'), writeDate: text(row, 'write_date'), amountTotal: decimalText(row, 'amount_total'), amountTax: decimalText(row, 'amount_tax'), dateOrder: text(row, 'date_order') },
        ]),
      );
    },

    /** State, write_date, lines, invoices and delivery state of `ids` (two calls: orders, then their pickings). */
    async readForUpdate(ids: readonly number[]): Promise<Map<number, SaleOrderSide>> {
      const rows = await erp.read(SALE_ORDER_MODEL, ids, ['state', 'write_date', 'order_line', 'picking_ids', 'invoice_ids']);
      const pickingIds = rows.flatMap((o) => idList(o, 'picking_ids'));
      const pickings = pickingIds.length ? await erp.read('stock.picking', pickingIds, ['state']) : [];
      const done = new Set(pickings.filter((p) => text(p, 'state') === 'done').map((p) => p.id));
      return new Map(
        rows.map((o) => [
          o.id,
          {
            id: o.id,
            state: text(o, 'state'),
            writeDate: text(o, 'write_date'),
            lineIds: idList(o, 'order_line'),
            invoiced: idList(o, 'invoice_ids').length > 0,
            delivered: idList(o, 'picking_ids').some((p) => done.has(p)),
          },
        ]),
      );
    },

    /**
     * Rewrites an order's lines in place (one write): line i of `lines` updates the order's line i, extra new lines
     * are added, and lines Amazon dropped go to quantity 0 (Odoo refuses to delete a confirmed order's lines).
     */
    async replaceLines(side: Pick<SaleOrderSide, 'id' | 'lineIds'>, lines: readonly Vals[]): Promise<void> {
      const commands: unknown[] = lines.map((l, i) => (i < side.lineIds.length ? [1, side.lineIds[i], l] : [0, 0, l]));
      for (const extra of side.lineIds.slice(lines.length)) commands.push([1, extra, { product_uom_qty: 0 }]);
      await erp.write(SALE_ORDER_MODEL, [side.id], { order_line: commands });
    },
  };
  return gateway;
}

/** The sale.order gateway of one ERP connection. */
export type SaleOrderGateway = ReturnType<typeof saleOrderGateway>;
