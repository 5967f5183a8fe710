/**
 * The shipments flow's name, task names and payload schemas (ids only, never data). The names are stable: they
 * are in queued jobs and in the change feed's subscriptions.
 */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

/** The flow's name: task prefix, go-live key, record-state flow name. */
export const SHIPMENTS_FLOW = 'shipments';

/** Local task names (registered as `shipments:<name>`). */
export const TaskNames = { confirm: 'confirm-deliveries', recoverSending: 'recover-sending' } as const;

export const Tasks = {
  /** Re-read done deliveries from the ERP and confirm each one's package to Amazon, exactly once. */
  confirmDeliveries: taskName(SHIPMENTS_FLOW, TaskNames.confirm),
  /** Crontab: deliveries left `sending` with no job to settle them get one (recover-sending.task.ts). */
  recoverSending: taskName(SHIPMENTS_FLOW, TaskNames.recoverSending),
} as const;

/** What the change feed enqueues (contract C1): the ids of `stock.picking` records that changed. */
export const ConfirmPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type ConfirmPayload = Static<typeof ConfirmPayload>;

/** The crontab's payload (nothing but a correlation id). */
export const CronPayload = Type.Object({ correlationId: Type.Optional(Type.String({ minLength: 1 })) });

/** The record (record state, conflicts) of one delivery, and the invoices flow's shipment key (contract C2). */
export const shipmentKey = (pickingId: number): string => `mfn:${pickingId}`;

/** The picking id of a shipment key, null for another key. */
export function pickingIdOf(key: string): number | null {
  const m = /^mfn:([1-9][0-9]*)$/.exec(key);
  return m ? Number(m[1]) : null;
}
