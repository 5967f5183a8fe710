/**
 * The labels flow's tables (sync/labels/README.md). `shipping_label`: one row per (backend, delivery, package,
 * attempt), keyed by the idempotency key sent to Amazon, written BEFORE the purchase so a retry after a crash sends
 * the same key with the same request token and rate; the label's bytes (buyer name and address) sealed, dropped on
 * the PII schedule. `label_batch`: a batch of deliveries asked for at once, its progress read from the rows.
 * Mirrors Migration20261213010000 and Migration20261214040000 (Merchant Fulfillment v0).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const ShippingLabel = defineEntity({
  name: 'ShippingLabel',
  tableName: 'shipping_label',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    /** `lbl:<backend>:<picking>:<package>:<attempt>`: sent as x-amzn-IdempotencyKey. */
    idempotencyKey: p.text().primary(),
    pickingId: p.integer(),
    packageNo: p.integer(),
    attempt: p.integer(),
    amazonOrderId: p.text(),
    /** rating | buying | bought | voided | refused */
    state: p.text(),
    code: p.text().nullable(),
    message: p.text().nullable(),
    batchId: p.text().nullable(),
    requestToken: p.text().nullable(),
    rateId: p.text().nullable(),
    carrierId: p.text().nullable(),
    carrierName: p.text().nullable(),
    serviceId: p.text().nullable(),
    serviceName: p.text().nullable(),
    chargeMinor: p.bigint('number').nullable(),
    currency: p.text().nullable(),
    weightGrams: p.integer().nullable(),
    shipmentId: p.text().nullable(),
    trackingId: p.text().nullable(),
    pdfSealed: p.blob().nullable(),
    zplSealed: p.blob().nullable(),
    labelKeyId: p.text().nullable(),
    labelRedactedAt: time().nullable(),
    attachmentIds: p.json<number[]>().defaultRaw(`'[]'`),
    createdAt: time().defaultRaw('now()'),
    boughtAt: time().nullable(),
    voidedAt: time().nullable(),
    updatedAt: time().defaultRaw('now()'),
    /** shippingV2 | merchantFulfillment (v0: no idempotency key, read back after an unknown outcome). */
    transport: p.text().defaultRaw(`'shippingV2'`),
    /** v0: the createShipment request, stored before it is sent. */
    mfnRequest: p.json<Record<string, unknown>>().nullable(),
    /** v0: when createShipment was sent (set: its outcome is unknown until an answer is stored). */
    purchaseSentAt: time().nullable(),
    /** v0: the order's package ids seen just before createShipment (a new one after an unknown outcome is the lost label). */
    packagesBefore: p.json<string[]>().nullable(),
  },
  indexes: [{ name: 'shipping_label_picking_index', properties: ['backend', 'pickingId', 'packageNo'] }],
});

export const LabelBatch = defineEntity({
  name: 'LabelBatch',
  tableName: 'label_batch',
  properties: {
    id: p.text().primary(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    pickingIds: p.json<number[]>(),
    createdAt: time().defaultRaw('now()'),
  },
});
