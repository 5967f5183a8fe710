/**
 * The orders flow's access to its draft sales orders before they are confirmed: their totals as the ERP computed
 * them (one read per batch), and the rewrite of a draft an earlier run left, so that it holds Amazon's lines as the
 * current mapping makes them. Names `sale.order` and its fields like sale-order.gateway.ts.
 */
import type { ErpPort, Vals } from '../../../erp/erp-port.ts';
import { decimalText, idList, text } from './erp-rows.ts';
import { SALE_ORDER_MODEL, type ImportedSaleOrder } from './sale-order.gateway.ts';

/** A sales order as read before confirming: its totals and its line ids. */
export interface DraftSaleOrder extends ImportedSaleOrder {
  lineIds: number[];
}

/** The typed draft calls of the orders flow over one ERP connection. */
export function draftOrdersGateway(erp: ErpPort) {
  return {
    /** Name, state, totals, dates and line ids of `ids` in ONE call; missing ids are absent from the map. */
    async read(ids: readonly number[]): Promise<Map<number, DraftSaleOrder>> {
      const rows = await erp.read(SALE_ORDER_MODEL, ids, ['name', 'state', 'amount_total', 'amount_tax', 'write_date', 'date_order', 'order_line']);
      return new Map(
        rows.map((row) => [
          row.id,
          {
            id: row.id, name: text(row, 'name'), state: text(row, 'state'), writeDate: text(row, 'write_date'),
            amountTotal: decimalText(row, 'amount_total'), amountTax: decimalText(row, 'amount_tax'), dateOrder: text(row, 'date_order'),
            lineIds: idList(row, 'order_line'),
          },
        ]),
      );
    },

    /**
     * Rewrites a draft's header and lines in one write: its lines deleted (a quotation's lines may be; Amazon owns
     * them) and the mapped ones created, so the ERP computes its totals afresh from what the mapping says now.
     */
    async rewrite(draft: Pick<DraftSaleOrder, 'id' | 'lineIds'>, header: Vals, lines: readonly Vals[]): Promise<void> {
      const commands: unknown[] = [...draft.lineIds.map((id) => [2, id]), ...lines.map((l) => [0, 0, l])];
      await erp.write(SALE_ORDER_MODEL, [draft.id], { ...header, order_line: commands });
    },
  };
}
