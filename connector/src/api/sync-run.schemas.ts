/**
 * A sync run as the API shows it (GET /api/sync-runs...), with its steps when asked for one.
 */
import { Type, type Static } from 'typebox';
import { BackendId, Id, IsoTime, Nullable } from './schemas.ts';

export const SyncRunView = Type.Object(
  {
    id: Id,
    backendId: BackendId,
    flow: Type.String(),
    trigger: Type.String(),
    status: Type.String({ description: 'queued, running, succeeded, partial, failed, conflict or interrupted' }),
    startedAt: IsoTime,
    finishedAt: Nullable(IsoTime),
    counts: Type.Record(Type.String(), Type.Integer()),
    errorCode: Nullable(Type.String()),
    correlationId: Nullable(Type.String({ description: 'follows one Amazon change from its sweep or request through its jobs' })),
    subject: Nullable(Type.String({ description: 'the one record a requested run is about (a resync: the Amazon order id)' })),
    outcome: Type.Unknown({ description: 'what a requested run came to (a resync: state, ERP order, conflict), else null' }),
    steps: Type.Optional(
      Type.Array(
        Type.Object({
          recordKey: Type.String(),
          step: Type.String(),
          status: Type.String(),
          errorCode: Nullable(Type.String()),
          ms: Type.Integer(),
        }),
      ),
    ),
  },
  { $id: 'SyncRun' },
);
export type SyncRunViewT = Static<typeof SyncRunView>;
