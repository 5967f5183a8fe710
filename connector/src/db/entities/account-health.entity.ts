/**
 * The account-health flow's tables (sync/account-health/README.md): each rate of Amazon's seller performance report
 * per marketplace, metric and reporting period as last read (a report read again the same day updates its row:
 * the period is the key), and each alert raised when a rate came within the warn margin of its threshold or
 * crossed it (once per period and level), with the ERP activity made for it. Mirrors Migration20261213040000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const time = () => p.datetime().columnType('timestamptz');

export const AccountHealthRate = defineEntity({
  name: 'AccountHealthRate',
  tableName: 'account_health_rate',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    marketplaceId: p.text().primary(),
    /** orderDefectRate (merchant-fulfilled), orderDefectRateAfn, lateShipmentRate, preFulfillmentCancellationRate, validTrackingRate, onTimeDeliveryRate. */
    metric: p.text().primary(),
    periodFrom: time().primary(),
    periodTo: time().primary(),
    /** What the rate counts (defects, late shipments, ...) out of `total` (orders, shipments, ...). */
    count: p.integer(),
    total: p.integer(),
    /** Amazon's rate as it wrote it (a fraction: 0.01 is 1 %); not money. */
    rate: p.double().columnType('double precision'),
    /** Amazon's own verdict: GOOD, BAD or NONE. */
    status: p.text(),
    targetValue: p.double().columnType('double precision'),
    targetCondition: p.text(),
    /** What else the report says of the metric (claims, chargebacks, negative feedback...). */
    detail: p.json<unknown>().columnType('jsonb').nullable(),
    firstReadAt: time().defaultRaw('now()'),
    readAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'account_health_rate_period_index', properties: ['backend', 'periodTo'] }],
});

export const AccountHealthAlert = defineEntity({
  name: 'AccountHealthAlert',
  tableName: 'account_health_alert',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    marketplaceId: p.text(),
    metric: p.text(),
    periodFrom: time(),
    periodTo: time(),
    /** warn (within the margin of the threshold) or breach (past it). */
    level: p.text(),
    rate: p.double().columnType('double precision'),
    threshold: p.double().columnType('double precision'),
    raisedAt: time().defaultRaw('now()'),
    /** pending | created | no_user | off: where its ERP activity stands. */
    activityState: p.text().defaultRaw(`'pending'`),
    erpActivityId: p.integer().nullable(),
  },
  uniques: [{ name: 'account_health_alert_unique', properties: ['backend', 'marketplaceId', 'metric', 'periodFrom', 'periodTo', 'level'] }],
});
