/** The account-health flow's name, report type, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const ACCOUNT_HEALTH_FLOW = 'account-health';
export const SELLER_PERFORMANCE_REPORT = 'GET_V2_SELLER_PERFORMANCE_REPORT';

/** Local task names (registered as `account-health:<name>`). */
export const TaskNames = { readAll: 'read-all', read: 'read', notify: 'notify' } as const;

export const Tasks = {
  /** Crontab: one read per live backend whose last read is older than `accountHealth.readEveryMinutes`. */
  readAll: taskName(ACCOUNT_HEALTH_FLOW, TaskNames.readAll),
  /** Asks the Reports core for the seller performance report of each marketplace. */
  read: taskName(ACCOUNT_HEALTH_FLOW, TaskNames.read),
  /** Makes the ERP activity of one alert for the named user. */
  notify: taskName(ACCOUNT_HEALTH_FLOW, TaskNames.notify),
} as const;

const backendId = Type.Integer({ minimum: 1 });
const correlationId = Type.Optional(Type.String({ minLength: 1 }));

export const ReadPayload = Type.Object({ backendId, correlationId });
export type ReadPayload = Static<typeof ReadPayload>;

export const NotifyPayload = Type.Object({ backendId, alertId: Type.Integer({ minimum: 1 }), correlationId });
export type NotifyPayload = Static<typeof NotifyPayload>;
