/** The fba flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';
import { FBA_FLOW } from '../orders/index.ts';

export { FBA_FLOW };

/** Local task names (registered as `fba:<name>`). */
export const TaskNames = { seed: 'seed', deliver: 'deliver', deliverAll: 'deliver-all' } as const;

export const Tasks = {
  /** Seed the pools of one backend not seeded yet from a getInventorySummaries snapshot (once per pool). */
  seed: taskName(FBA_FLOW, TaskNames.seed),
  /** Validate the deliveries of one backend's imported FBA orders with Amazon's quantities. */
  deliver: taskName(FBA_FLOW, TaskNames.deliver),
  /** Safety net (crontab): make sure every backend with the flow on has a delivery pass pending. */
  deliverAll: taskName(FBA_FLOW, TaskNames.deliverAll),
} as const;

export const BackendPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type BackendPayload = Static<typeof BackendPayload>;
export const CronPayload = Type.Object({});
