/** The fba-returns flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const FBA_RETURNS_FLOW = 'fba-returns';
export const FBA_RETURNS_REPORT = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA';
export const FBA_REIMBURSEMENTS_REPORT = 'GET_FBA_REIMBURSEMENTS_DATA';

/** Local task names (registered as `fba-returns:<name>`). */
export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep', reread: 'reread', apply: 'apply' } as const;

export const Tasks = {
  /** Crontab: one sweep job per enabled backend. */
  sweepAll: taskName(FBA_RETURNS_FLOW, TaskNames.sweepAll),
  /** Asks the Reports core for the returns and reimbursements since the cursor; schedules the re-reads. */
  sweep: taskName(FBA_RETURNS_FLOW, TaskNames.sweep),
  /** Asks again for one earlier window (at 7 and 35 days): Amazon revises dispositions later. */
  reread: taskName(FBA_RETURNS_FLOW, TaskNames.reread),
  /** Brings the ERP to one returned unit row: its return, then a move per revised disposition. */
  apply: taskName(FBA_RETURNS_FLOW, TaskNames.apply),
} as const;

const backendId = Type.Integer({ minimum: 1 });
const correlationId = Type.Optional(Type.String({ minLength: 1 }));


export const SweepPayload = Type.Object({ backendId, correlationId });
export type SweepPayload = Static<typeof SweepPayload>;

export const RereadPayload = Type.Object({
  backendId,
  marketplaceId: Type.String({ minLength: 1, maxLength: 32 }),
  /** The window first read (ISO times). */
  start: Type.String({ minLength: 1, maxLength: 40 }),
  end: Type.String({ minLength: 1, maxLength: 40 }),
  /** Days after the window's end: 7 or 35. */
  afterDays: Type.Integer({ minimum: 1, maximum: 366 }),
  correlationId,
});
export type RereadPayload = Static<typeof RereadPayload>;

export const ApplyPayload = Type.Object({
  backendId,
  /** The returned unit row's key (`<order id>/<sku>/<license plate>`). */
  rowKey: Type.String({ minLength: 1, maxLength: 300 }),
  correlationId,
});
export type ApplyPayload = Static<typeof ApplyPayload>;

/** The conflict kind of a returned unit that cannot reach the ERP (key = the row key). */
export const FBA_RETURN_KIND = 'fba-return';
/** Bindings: the return receipt of a row, and the internal move of a row's revision (`<row key>#<revision>`). */
export const RETURN_BINDING = 'fba_return' as const;
export const REVISION_BINDING = 'fba_return_move' as const;
