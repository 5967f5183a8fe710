/**
 * The 17/18 face's `sale.order.cancel` wizard: `sale.order` `action_cancel` on a confirmed order answers an
 * act_window on it (unless `disable_cancel_warning` is in the context); the wizard is created with `order_id` and
 * its `action_cancel` cancels the order. Odoo 19 has no such model (the registry leaves it out on 19).
 */
import { cancelOrders } from '../business/sale-confirm.ts';
import { defineModel, html, m2o } from '../orm/define.ts';
import { validationError } from '../orm/errors.ts';

export const saleOrderCancel = defineModel({
  name: 'sale.order.cancel',
  description: 'Sales Order Cancel',
  fields: {
    order_id: m2o('sale.order', 'Sale Order', { required: true, ondelete: 'cascade' }),
    body: html('Contents'),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) if (r.order_id === undefined && typeof env.context.default_order_id === 'number') r.order_id = env.context.default_order_id;
    if (rows.some((r) => !r.order_id)) throw validationError('Missing required value for the field \'Sale Order\' (order_id)');
  },
  methods: {
    async action_cancel(env, ids) {
      const r = await env.tx.query('SELECT DISTINCT order_id FROM sale_order_cancel WHERE id = ANY($1)', [ids]);
      await cancelOrders(env, r.rows.map((x) => x.order_id as number));
      return true;
    },
  },
});
