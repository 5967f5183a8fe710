/**
 * The cancellations flow's record of each Amazon order it handles (sync/cancellations/README.md): why, what was
 * decided, whether the ERP order was cancelled, and the reason sent back to Amazon. Mirrors Migration20261205030000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const OrderCancellation = defineEntity({
  name: 'OrderCancellation',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    amazonOrderId: p.text().primary(),
    // Enums of text: PostgreSQL keeps them as the column checks `order_cancellation_<column>_check`.
    source: p.enum(['amazon', 'buyer_request']),
    state: p.enum(['pending', 'requested', 'asked', 'cancelled', 'conflict', 'kept']),
    decision: p.enum(['auto', 'cancel_in_erp', 'keep']).nullable(),
    decidedBy: p.text().nullable(),
    amazonCancelled: p.boolean().defaultRaw('false'),
    sellerCancelReason: p.text().nullable(),
    requestReason: p.text().nullable(),
    erpOrderId: p.integer().nullable(),
    erpCancelledAt: p.datetime().columnType('timestamptz').nullable(),
    noteStartedAt: p.datetime().columnType('timestamptz').nullable(),
    notedAt: p.datetime().columnType('timestamptz').nullable(),
    amazon: p.json<unknown>().columnType('jsonb').defaultRaw(`'{}'`),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
