/** The fba-stock flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const FBA_STOCK_FLOW = 'fba-stock';
/** Off until switched on per backend (goLive['fba-stock']). */
export const fbaStockGoLive = { name: FBA_STOCK_FLOW, goLive: { enabledByDefault: false } } as const;

/** Local task names (registered as `fba-stock:<name>`). */
export const TaskNames = { snapshot: 'snapshot', snapshotAll: 'snapshot-all', notified: 'notified' } as const;

export const Tasks = {
  /** One pool of one backend: Amazon's summaries fetched, stored, compared with the pool's ERP warehouse. */
  snapshot: taskName(FBA_STOCK_FLOW, TaskNames.snapshot),
  /** Crontab: each backend's pools whose last snapshot is older than its `fbaStock.snapshotIntervalMinutes`. */
  snapshotAll: taskName(FBA_STOCK_FLOW, TaskNames.snapshotAll),
  /** An FBA_INVENTORY_AVAILABILITY_CHANGES notification: a snapshot of the pools it names. */
  notified: taskName(FBA_STOCK_FLOW, TaskNames.notified),
} as const;

export const SnapshotPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  pool: Type.String({ pattern: '^[A-Z]{2}$' }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type SnapshotPayload = Static<typeof SnapshotPayload>;
export const CronPayload = Type.Object({});

/** The notification type that triggers a snapshot. */
export const FBA_INVENTORY_NOTIFICATION = 'FBA_INVENTORY_AVAILABILITY_CHANGES';
