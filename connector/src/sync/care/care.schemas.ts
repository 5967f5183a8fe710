/** The care list's API shapes (TypeBox, each with an `$id`: components of the OpenAPI document; the unions spell care.payloads.ts' lists). */
import { Type, type Static, type TSchemaOptions } from 'typebox';
import { ref } from '../../api/components.ts';
import { IsoTime, Nullable } from '../../api/schemas.ts';

/** The unions as plain schemas (a querystring takes them inline: a `$ref` there is not resolved). */
export const reasonUnion = (o: TSchemaOptions = {}) => Type.Union([Type.Literal('cancel_request'), Type.Literal('return_request'), Type.Literal('a_to_z_claim'), Type.Literal('chargeback'), Type.Literal('ship_late')], o);
export const stateUnion = (o: TSchemaOptions = {}) => Type.Union([Type.Literal('pending'), Type.Literal('open'), Type.Literal('done')], o);

export const CareReasonSchema = reasonUnion({ $id: 'CareReason', description: 'why a person must look at the order' });
export const CareStateSchema = stateUnion({ $id: 'CareState', description: 'pending: no ERP activity yet (see code); open: the activity waits in the ERP; done: marked done there' });

export const CareActivityItem = Type.Object(
  {
    amazonOrderId: Type.String(),
    reason: ref(CareReasonSchema),
    state: ref(CareStateSchema),
    code: Nullable(Type.String({ description: 'why a pending one waits (CARE_ORDER_NOT_IMPORTED, CARE_ASSIGNEE_UNKNOWN...)' })),
    detail: Type.Record(Type.String(), Type.Unknown(), { description: "the source's facts (no buyer data): request reason, RMA ids, refund id, latest ship date" }),
    erpOrderId: Nullable(Type.Integer()),
    erpActivityId: Nullable(Type.Integer()),
    erpUserId: Nullable(Type.Integer({ description: 'the assignee; null: the ERP default (the connector\'s user)' })),
    dueAt: Nullable(IsoTime),
    doneAt: Nullable(IsoTime),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  },
  { $id: 'CareActivityItem' },
);
export type CareActivityItemT = Static<typeof CareActivityItem>;

export const CareActivityList = Type.Object(
  {
    backendId: Type.Integer(),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'rows per state, whatever the filters' }),
    items: Type.Array(ref(CareActivityItem), { description: 'newest first' }),
  },
  { $id: 'CareActivityList' },
);

export const careSchemas = [CareReasonSchema, CareStateSchema, CareActivityItem, CareActivityList];
