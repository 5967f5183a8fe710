/** The review-requests flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const REVIEW_REQUESTS_FLOW = 'review-requests';

export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep' } as const;

export const Tasks = {
  /** Crontab: one sweep job per live backend whose last sweep is `reviewRequests.sweepHours` old. */
  sweepAll: taskName(REVIEW_REQUESTS_FLOW, TaskNames.sweepAll),
  /** Asks Amazon about the backend's delivered orders in their window and sends the review requests it offers. */
  sweep: taskName(REVIEW_REQUESTS_FLOW, TaskNames.sweep),
} as const;

export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;

/** The lock of one order's review request (two workers, two sweeps: one asks Amazon at a time). */
export const reviewLockKey = (backendId: number, orderId: string): string => `review-request:${backendId}:${orderId}`;
