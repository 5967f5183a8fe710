/** The Overview's shape (GET /api/backends/:id/overview): flows, conflicts, quota and 24 h hourly series. */
import { Type, type Static } from 'typebox';
import { IsoTime, Nullable } from '../../../api/schemas.ts';

const HourCount = Type.Object({ hour: IsoTime, count: Type.Integer({ minimum: 0 }) });

export const Overview = Type.Object(
  {
    backendId: Type.Integer(),
    asOf: IsoTime,
    flows: Type.Array(
      Type.Object({
        flow: Type.String({ description: 'the run flow (orders.sweep, orders.import, ...)' }),
        lastRun: Nullable(Type.Object({ status: Type.String(), startedAt: IsoTime, finishedAt: Nullable(IsoTime), errorCode: Nullable(Type.String()) })),
        runs24h: Type.Integer({ minimum: 0 }),
        failedRuns24h: Type.Integer({ minimum: 0, description: 'failed, interrupted or partial runs of the last 24 h' }),
      }),
    ),
    ordersImportedToday: Type.Integer({ minimum: 0, description: 'orders written to the ERP since midnight UTC' }),
    openConflicts: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer({ minimum: 1 }) })),
    importsPerHour: Type.Array(HourCount, { description: '24 hours, oldest first, the last one the current hour' }),
    conflictsPerHour: Type.Array(HourCount, { description: 'conflicts raised per hour, same hours' }),
    quota: Type.Array(
      Type.Object({
        operation: Type.String(),
        tokensLeft: Type.Number({ description: 'requests that can go now (negative: reservations queued)' }),
        burst: Nullable(Type.Integer()),
        ratePerSecond: Nullable(Type.Number()),
        pausedUntil: Nullable(IsoTime),
      }),
      { description: "the seller's SP-API token buckets in the backend's region (only operations called so far)" },
    ),
  },
  { $id: 'BackendOverview' },
);
export type OverviewT = Static<typeof Overview>;
