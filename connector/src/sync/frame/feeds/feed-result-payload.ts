/** The payload of a flow's feed result task: which backend, and which feed (`feed.id`) whose report was read. */
import { Type } from 'typebox';

export const FeedResultPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), feedId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
