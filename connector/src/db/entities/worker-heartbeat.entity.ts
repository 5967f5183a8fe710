/**
 * One row per live graphile-worker worker of any connector process, refreshed every few seconds. A worker killed
 * hard stops refreshing; its jobs, which graphile-worker would keep locked for hours, are unlocked by the others.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const WorkerHeartbeat = defineEntity({
  name: 'WorkerHeartbeat',
  properties: {
    workerId: p.text().primary(),
    pid: p.integer(),
    host: p.text(),
    seenAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
