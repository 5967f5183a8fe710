/** The posting task's name and payload (ids only; the name is stable: it is in queued jobs). */
import { Type, type Static } from 'typebox';
import { taskName } from '../../frame/flow.ts';
import { SETTLEMENTS_FLOW } from '../settlements.payloads.ts';

export const POST_TASK_NAME = 'post';
/** Posts one stored settlement to the ERP (job key per backend and settlement). */
export const POST_TASK = taskName(SETTLEMENTS_FLOW, POST_TASK_NAME);

export const PostPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  settlementId: Type.String({ minLength: 1, maxLength: 40 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type PostPayload = Static<typeof PostPayload>;

/** The conflict kind of a settlement that cannot be posted until a person acts (key = the settlement id). */
export const POSTING_KIND = 'settlement_posting';
