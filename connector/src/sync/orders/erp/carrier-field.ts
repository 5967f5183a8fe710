/**
 * Whether the ERP's sales orders have a carrier (`sale.order.carrier_id`): Odoo adds it with the delivery modules
 * (`delivery`, pulled in by `stock_delivery` from 17 on), the same field in 17, 18 and 19. Asked with fields_get,
 * only where a carrier map exists; the order flow keeps the answer with its reference data (a minute).
 */
import type { ErpPort } from '../../../erp/erp-port.ts';

/** The module that brings the field (with `delivery`), as the set-up installs it and the README names it. */
export const CARRIER_MODULE = 'stock_delivery';

export async function saleOrderHasCarrier(erp: Pick<ErpPort, 'fieldsGet'>): Promise<boolean> {
  const fields = await erp.fieldsGet('sale.order', ['type', 'relation']);
  const f = fields.carrier_id;
  return f !== undefined && f.type === 'many2one' && f.relation === 'delivery.carrier';
}
