/**
 * The merchant-stock flow's own `write_date` position in the ERP's done stock moves (its fast poll while the ERP's
 * webhook is not live: sync/merchant-stock/urgent-poll/): the latest second seen and the move ids handed over in it
 * (dropped when seen again). Kept apart from the change feed's cursors so that poll's cadence and payloads stay as
 * they are. Mirrors Migration20261209010000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const MerchantStockMovePoll = defineEntity({
  name: 'MerchantStockMovePoll',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    /** Odoo second (UTC, no zone). */
    cursor: p.datetime().columnType('timestamp'),
    /** Move id -> the write_date second it was handed over with (only those in the cursor's second). */
    seen: p.json().defaultRaw(`'{}'`),
    polledAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
