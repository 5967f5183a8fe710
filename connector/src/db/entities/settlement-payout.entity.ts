/**
 * Amazon's payouts as Finances v0 lists them (financial event groups: one per settlement period and currency, Open
 * while it runs, Closed once paid out), stored by the settlements sweep (sync/settlements/README.md); the settlement
 * each one pays is found by period and amount and kept on the settlement (`payout_group_id`). Money in minor units.
 * Mirrors Migration20261214010000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const SettlementPayout = defineEntity({
  name: 'SettlementPayout',
  tableName: 'settlement_payout',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    /** Amazon's FinancialEventGroupId (no relation to the settlement id). */
    groupId: p.text().primary(),
    /** `Open` or `Closed`, as Amazon writes it. */
    processingStatus: p.text().nullable(),
    fundTransferStatus: p.text().nullable(),
    fundTransferDate: time().nullable(),
    /** OriginalTotal: in the marketplace's currency (the settlement's total). */
    originalMinor: p.bigint('bigint').nullable(),
    originalCurrency: p.text().nullable(),
    /** ConvertedTotal: what reached the bank account, in its currency. */
    convertedMinor: p.bigint('bigint').nullable(),
    convertedCurrency: p.text().nullable(),
    beginningMinor: p.bigint('bigint').nullable(),
    traceId: p.text().nullable(),
    accountTail: p.text().nullable(),
    groupStart: time().nullable(),
    groupEnd: time().nullable(),
    firstSeenAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
});
