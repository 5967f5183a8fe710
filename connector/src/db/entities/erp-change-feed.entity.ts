/**
 * The ERP change feed's tables (core/change-feed): the durable `write_date` cursor per backend and ERP model, the
 * connector's own writes (echoes the feed does not hand over), and what a backend's webhook rules were made from.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

/** Where polling a backend's ERP model goes on from: the latest `write_date` second seen (Odoo's UTC, no zone). */
export const ErpChangeCursor = defineEntity({
  name: 'ErpChangeCursor',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    model: p.text().primary(),
    cursor: p.datetime().columnType('timestamp'),
    /** The (id -> write_date) pairs already handed over near the cursor (dropped when seen again). */
    seen: p.json().defaultRaw(`'{}'`),
    /** Since when each subscribing flow listens. */
    subscribers: p.json().defaultRaw(`'{}'`),
    polledAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

/** The connector's own write to a subscribed record, with the write_date the ERP gave it: an echo up to then. */
export const ErpOwnWrite = defineEntity({
  name: 'ErpOwnWrite',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    model: p.text().primary(),
    erpId: p.integer().primary(),
    writeDate: p.datetime().columnType('timestamp'),
    notedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

/** A hash of the URL and subscriptions a backend's webhook rules were last made from: rewritten only on a change. */
export const ErpWebhookState = defineEntity({
  name: 'ErpWebhookState',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    signature: p.text(),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
