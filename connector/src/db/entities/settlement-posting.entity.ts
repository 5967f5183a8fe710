/**
 * The settlement posting ledger (sync/settlements/posting/README.md): one row per journal entry the connector
 * posts for a settlement, written BEFORE the ERP call with the entry's `ref`, so a crash between the ERP's create
 * and the row's update is found again by that ref, never posted twice. `version` counts the postings of a
 * settlement Amazon changed (a later version posts only the difference). Mirrors Migration20261214020000 and Migration20261215010000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const SettlementPosting = defineEntity({
  name: 'SettlementPosting',
  tableName: 'settlement_posting',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    settlementId: p.text().primary(),
    version: p.integer().primary(),
    chunkNo: p.integer().primary(),
    /** `entry` (a journal entry of the Amazon journal) or `bill` (the version's vendor bill from Amazon, chunk 0). Migration20261215010000. */
    kind: p.text().default('entry'),
    /** `AMZ-SET <settlement> v<version> <chunk>/<chunks>` (a bill: `AMZ-SET <settlement> v<version> fees`): the entry's reference in the ERP, looked up after a crash. */
    ref: p.text(),
    /** The settlement's content hash this entry was made from: another hash = the settlement changed. */
    contentHash: p.text(),
    /** `creating` (written before the ERP call), `posted` (the entry posted in the ERP). */
    state: p.text(),
    moveId: p.integer().nullable(),
    lineCount: p.integer(),
    /** The entry's clearing line (minor units): what it moved through the Amazon clearing account. */
    clearingMinor: p.bigint('bigint'),
    /** The entry's lines as planned (key -> ERP-signed amount in minor units, decimal strings): re-sent as is after a crash. */
    amounts: p.json<Record<string, string>>().columnType('jsonb'),
    /** When its receivable lines were reconciled with the orders' invoices and credit notes. */
    reconciledAt: time().nullable(),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  uniques: [{ name: 'settlement_posting_ref_unique', properties: ['backend', 'ref'] }],
});
