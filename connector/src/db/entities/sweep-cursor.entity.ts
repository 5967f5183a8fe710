/** The sweep cursors: where each backend's sweep of each flow goes on from. */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

/** Durable sweep position per backend and flow: the next window starts (with overlap) from here. */
export const SweepCursor = defineEntity({
  name: 'SweepCursor',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    flow: p.text().primary(),
    lastUpdatedAfter: p.datetime().columnType('timestamptz'),
    lastRunAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
