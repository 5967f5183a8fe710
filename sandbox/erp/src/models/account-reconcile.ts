/** Reconciliation records (business/reconcile.ts writes them): partial matches and the full reconcile closing a group. */
import { defineModel, m2o, money, o2m } from '../orm/define.ts';

export const accountPartialReconcile = defineModel({
  name: 'account.partial.reconcile',
  description: 'Partial Reconcile',
  fields: {
    debit_move_id: m2o('account.move.line', 'Debit Item', { required: true, index: true, ondelete: 'cascade' }),
    credit_move_id: m2o('account.move.line', 'Credit Item', { required: true, index: true, ondelete: 'cascade' }),
    full_reconcile_id: m2o('account.full.reconcile', 'Full Reconcile'),
    // the exchange difference entry this partial closes its item with (business/exchange.ts)
    exchange_move_id: m2o('account.move', 'Exchange Move', { readonly: true }),
    amount: money('Amount', { readonly: true }),
    debit_amount_currency: money('Debit Amount in Currency', { readonly: true }),
    credit_amount_currency: money('Credit Amount in Currency', { readonly: true }),
  },
});

export const accountFullReconcile = defineModel({
  name: 'account.full.reconcile',
  description: 'Full Reconcile',
  fields: {
    partial_reconcile_ids: o2m('account.partial.reconcile', 'full_reconcile_id', 'Reconciliation Parts'),
    reconciled_line_ids: o2m('account.move.line', 'full_reconcile_id', 'Matched Journal Items'),
    // Odoo 19's `_reconcile_plan_with_sync`: the exchange difference entry the full reconcile was closed with
    exchange_move_id: m2o('account.move', 'Exchange Move', { readonly: true }),
  },
});
