/** The care flow's name, reasons, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const CARE_FLOW = 'care';

/** Why a person must look at an order: one ERP activity per (order, reason). */
export const CARE_REASONS = ['cancel_request', 'return_request', 'a_to_z_claim', 'chargeback', 'ship_late'] as const;
export type CareReason = (typeof CARE_REASONS)[number];
export const CARE_STATES = ['pending', 'open', 'done'] as const;
export type CareState = (typeof CARE_STATES)[number];

/** Local task names (registered as `care:<name>`). */
export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep' } as const;

export const Tasks = {
  /** Crontab: one sweep job per backend the flow is on for, by its cadence. */
  sweepAll: taskName(CARE_FLOW, TaskNames.sweepAll),
  /** One backend: new events staged, missing activities created, open ones read back from the ERP. */
  sweep: taskName(CARE_FLOW, TaskNames.sweep),
} as const;

export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;

/**
 * The marker every activity's summary ends with: how an activity created by a run that died before recording its
 * id is found again in the ERP (searched by order and marker, archived ones included) instead of made twice.
 */
export const careMarker = (amazonOrderId: string, reason: CareReason): string => `[amazon-care ${amazonOrderId} ${reason}]`;
