/** The returns flow's name, task names, payloads (ids only) and keys. The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const RETURNS_FLOW = 'returns';
export const RETURNS_REPORT = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';

/** Local task names (registered as `returns:<name>`). */
export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep', receive: 'receive', pickingsChanged: 'pickings-changed' } as const;

export const Tasks = {
  /** Crontab: one sweep job per enabled backend. */
  sweepAll: taskName(RETURNS_FLOW, TaskNames.sweepAll),
  /** Asks the Reports core for one backend's returns report windows since its cursor (with the overlap). */
  sweep: taskName(RETURNS_FLOW, TaskNames.sweep),
  /** Makes (or finds) the ERP return picking of one staged return. */
  receive: taskName(RETURNS_FLOW, TaskNames.receive),
  /** The change feed: return pickings done or cancelled in the ERP (picking-changed.ts). */
  pickingsChanged: taskName(RETURNS_FLOW, TaskNames.pickingsChanged),
} as const;


export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;

export const ReturnPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  rmaId: Type.String({ minLength: 1, maxLength: 64 }),
  sku: Type.String({ minLength: 1, maxLength: 200 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type ReturnPayload = Static<typeof ReturnPayload>;

/** The conflict kind of a return that cannot become a return picking (key = the return's key). */
export const RETURN_KIND = 'return';

export interface ReturnRef {
  orderId: string;
  rmaId: string;
  sku: string;
}

/**
 * One key for the binding, the record state and the conflict: `<order>/<RMA>/<SKU>`. Order and RMA ids hold no
 * `/`, so the SKU (which may) is everything after the second one.
 */
export const returnKey = (r: ReturnRef): string => `${r.orderId}/${r.rmaId}/${r.sku}`;

export function parseReturnKey(key: string): ReturnRef | null {
  const m = /^([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  return m ? { orderId: m[1]!, rmaId: m[2]!, sku: m[3]! } : null;
}
