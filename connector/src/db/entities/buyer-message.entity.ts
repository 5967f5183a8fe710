/**
 * The buyer-messages flow (sync/buyer-messages/): each message a panel user sent a buyer through the Messaging
 * API, with its outcome and the ERP chatter message it was recorded as. The text is the seller's own (no buyer
 * data). Mirrors Migration20261213030100.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const BuyerMessage = defineEntity({
  name: 'BuyerMessage',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    amazonOrderId: p.text().index(),
    marketplaceId: p.text(),
    /** The Messaging API's type: confirmDeliveryDetails, unexpectedProblem, warranty, ... */
    messageType: p.text(),
    /** The request body sent (text, warranty dates), as JSON. */
    body: p.json<unknown>().columnType('jsonb'),
    state: p.enum(['sending', 'sent', 'refused', 'unknown']),
    code: p.text().nullable(),
    sentBy: p.text().nullable(),
    erpOrderId: p.integer().nullable(),
    erpMessageId: p.integer().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
