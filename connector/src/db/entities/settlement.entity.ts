/**
 * The settlements flow's tables (sync/settlements/README.md): one row per Amazon settlement (its summary row, the
 * report it was last read from and a hash of its lines) and its lines as Amazon wrote them, money in minor units.
 * Mirrors Migration20261213060000 (the lines' sum and the payout match: Migration20261214010000; the bank line: Migration20261214070000).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const Settlement = defineEntity({
  name: 'Settlement',
  tableName: 'settlement',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    settlementId: p.text().primary(),
    amazonReportId: p.text(),
    marketplaceId: p.text(),
    /** The lines' marketplace name (blank in Amazon's file: null). */
    marketplaceName: p.text().nullable(),
    currency: p.text(),
    startDate: time(),
    endDate: time(),
    depositDate: time().nullable(),
    totalMinor: p.bigint('bigint'),
    lineCount: p.integer(),
    /** sha-256 of the lines as read: a report of the same settlement with other lines replaces them. */
    contentHash: p.text(),
    /** `new`, or `changed` once Amazon's report of it said something else. */
    state: p.text(),
    /** SETTLEMENT_CURRENCY_MISMATCH when a line is in another currency, SETTLEMENT_UNBALANCED ... (its conflict is open). */
    conflictCode: p.text().nullable(),
    /** What the stored lines add up to: unequal to `totalMinor` = a line missing from Amazon's report (SETTLEMENT_UNBALANCED). */
    linesTotalMinor: p.bigint('bigint'),
    /** The payout (settlement_payout.group_id) found for it by period and amount. */
    payoutGroupId: p.text().nullable(),
    /** `matched`, `unmatched` (no event group fits) or `ambiguous` (more than one fits): set by every sweep. */
    payoutState: p.text().default('unmatched'),
    /** The payout's bank statement line (posting/bank-line.ts, Migration20261214070000): its `payment_ref`, written before the ERP's create. */
    bankLineRef: p.text().nullable(),
    /** `creating` (ref written, ERP line not confirmed), `created`, `reconciled` (it clears the Amazon transfers lines). */
    bankLineState: p.text().nullable(),
    bankLineId: p.integer().nullable(),
    /**
     * The exchange difference the ERP booked when the bank line cleared Amazon transfers (Migration20261215020000):
     * its entry's id and amount in the company's currency (minor units; positive a gain, negative a loss).
     */
    bankLineExchangeMoveId: p.integer().nullable(),
    bankLineExchangeMinor: p.bigint('bigint').nullable(),
    bankLineExchangeCurrency: p.text().nullable(),
    firstSeenAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
});

export const SettlementLine = defineEntity({
  name: 'SettlementLine',
  tableName: 'settlement_line',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    settlementId: p.text().primary(),
    lineNo: p.integer().primary(),
    transactionType: p.text(),
    orderId: p.text().nullable(),
    /** An FBA shipment id Amazon wrote in `order-id` (fee rows), or the `shipment-id` column. */
    shipmentId: p.text().nullable(),
    adjustmentId: p.text().nullable(),
    marketplaceName: p.text().nullable(),
    amountType: p.text(),
    amountDescription: p.text(),
    amountMinor: p.bigint('bigint'),
    postedAt: time().nullable(),
    sku: p.text().nullable(),
    quantity: p.integer().nullable(),
    /** Null without an order id; false for an order the connector never imported. */
    orderKnown: p.boolean().nullable(),
  },
});
