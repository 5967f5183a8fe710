/**
 * Payments as Odoo 19 keeps them (business/payments.ts makes them): `account.payment` with its own entry (the
 * outstanding receipts / payments item and the partner's receivable / payable item), `in_process` once posted
 * until its outstanding item is matched with a bank statement line (`is_matched`), then `paid`; `is_reconciled` when
 * its receivable item is settled; the payment methods and the journals' method lines.
 */
import { paymentFacts } from '../business/payments.ts';
import { bool, char, date, defineModel, int, m2m, m2o, money, sel } from '../orm/define.ts';
import type { Json } from '../orm/types.ts';

export const accountPaymentMethod = defineModel({
  name: 'account.payment.method',
  description: 'Payment Methods',
  fields: {
    name: char('Name', { required: true }),
    code: char('Code', { required: true }),
    payment_type: sel('Type', [['inbound', 'Inbound'], ['outbound', 'Outbound']], { required: true }),
  },
});

export const accountPaymentMethodLine = defineModel({
  name: 'account.payment.method.line',
  description: 'Payment Methods',
  order: 'sequence, id',
  fields: {
    name: char('Name'),
    sequence: int('Sequence', { default: 10 }),
    payment_method_id: m2o('account.payment.method', 'Payment Method', { required: true }),
    journal_id: m2o('account.journal', 'Journal', { index: true, ondelete: 'cascade' }),
    payment_type: sel('Payment Type', [['inbound', 'Inbound'], ['outbound', 'Outbound']]),
    payment_account_id: m2o('account.account', 'Outstanding Receipts/Payments Account'),
  },
  // "Manual Payment (Amazon)": the method and its journal
  displayName: (a) => `${a}.name || coalesce(' (' || (SELECT j.name FROM account_journal j WHERE j.id = ${a}.journal_id) || ')', '')`,
});

const fact = (key: 'is_reconciled' | 'is_matched' | 'reconciled_invoice_ids') => async (env: Parameters<typeof paymentFacts>[0], ids: number[]) => {
  const f = await paymentFacts(env, ids);
  return new Map(ids.map((id) => [id, (f.get(id)?.[key] ?? (key === 'reconciled_invoice_ids' ? [] : false)) as Json]));
};

export const accountPayment = defineModel({
  name: 'account.payment',
  description: 'Payments',
  order: 'date desc, name desc, id desc',
  fields: {
    name: char('Number', { readonly: true }),
    state: sel('Status', [['draft', 'Draft'], ['in_process', 'In Process'], ['paid', 'Paid'], ['canceled', 'Canceled'], ['rejected', 'Rejected']],
      { default: 'draft', readonly: true }),
    date: date('Date', { required: true }),
    amount: money('Amount'),
    currency_id: m2o('res.currency', 'Currency'),
    journal_id: m2o('account.journal', 'Journal', { required: true }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    payment_type: sel('Payment Type', [['outbound', 'Send'], ['inbound', 'Receive']], { default: 'inbound', required: true }),
    partner_type: sel('Partner Type', [['customer', 'Customer'], ['supplier', 'Vendor']], { default: 'customer' }),
    partner_id: m2o('res.partner', 'Customer/Vendor'),
    memo: char('Memo'),
    move_id: m2o('account.move', 'Journal Entry', { readonly: true, index: true }),
    payment_method_line_id: m2o('account.payment.method.line', 'Payment Method'),
    outstanding_account_id: m2o('account.account', 'Outstanding Account'),
    destination_account_id: m2o('account.account', 'Destination Account'),
    invoice_ids: m2m('account.move', 'Invoices'),
    is_reconciled: bool('Is Reconciled', { readonly: true, compute: fact('is_reconciled') }),
    is_matched: bool('Is Matched With a Bank Statement', { readonly: true, compute: fact('is_matched') }),
    reconciled_invoice_ids: m2m('account.move', 'Reconciled Invoices', { readonly: true, compute: fact('reconciled_invoice_ids') }),
  },
  displayName: (a) => `coalesce(${a}.name, 'Draft Payment')`,
});
