/**
 * The fba-returns flow's tables (sync/fba-returns/README.md): each returned FBA unit row of Amazon's customer returns
 * report as last read (its disposition, how often Amazon revised it, and where the ERP has it), and each
 * reimbursement row of Amazon's reimbursements report per order and SKU. Mirrors Migration20261212020000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const FbaReturnRow = defineEntity({
  name: 'FbaReturnRow',
  tableName: 'fba_return_row',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    /** `<order id>/<sku>/<license plate>`: one returned unit row, however often a report holds it. */
    rowKey: p.text().primary(),
    orderId: p.text(),
    sku: p.text(),
    fnsku: p.text().nullable(),
    licensePlate: p.text().nullable(),
    marketplaceId: p.text(),
    returnDate: time(),
    quantity: p.integer(),
    disposition: p.text(),
    status: p.text().nullable(),
    reason: p.text().nullable(),
    fulfillmentCenterId: p.text().nullable(),
    /** Bumped each time a report shows another disposition than the one stored. */
    revision: p.integer().defaultRaw('0'),
    /** Where the ERP has the unit: null until returned, then `stock` or `unsellable`. */
    erpLocation: p.text().nullable(),
    firstSeenAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'fba_return_row_order_index', properties: ['backend', 'orderId', 'sku'] }],
});

export const FbaReimbursement = defineEntity({
  name: 'FbaReimbursement',
  tableName: 'fba_reimbursement',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    reimbursementId: p.text().primary(),
    sku: p.text().primary(),
    orderId: p.text().nullable(),
    caseId: p.text().nullable(),
    reason: p.text(),
    currency: p.text().nullable(),
    /** Amazon's amount-total in minor units of `currency`. */
    amountTotalMinor: p.bigint('bigint').nullable(),
    quantityCash: p.integer(),
    quantityInventory: p.integer(),
    approvalDate: time(),
    recordedAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'fba_reimbursement_order_index', properties: ['backend', 'orderId', 'sku'] }],
});
