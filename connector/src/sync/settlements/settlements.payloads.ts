/** The settlements flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const SETTLEMENTS_FLOW = 'settlements';
export const SETTLEMENT_REPORT = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';
/** The conflict kind of a settlement that cannot be stored as Amazon wrote it (key = the settlement id). */
export const SETTLEMENT_KIND = 'settlement';

export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep' } as const;

export const Tasks = {
  /** Crontab: one sweep job per enabled backend whose last sweep is old enough. */
  sweepAll: taskName(SETTLEMENTS_FLOW, TaskNames.sweepAll),
  /** Lists one backend's settlement reports since its cursor and stores the new ones. */
  sweep: taskName(SETTLEMENTS_FLOW, TaskNames.sweep),
} as const;

export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;
