/**
 * The health answer (GET /health): the database, refused credentials and the backends not ok.
 */
import { Type } from 'typebox';
import { BackendId, IsoTime, Nullable } from './schemas.ts';

export const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
      description: 'degraded: the database is down (503), or a backend is not ok (200: the process is up and retrying)',
    }),
    database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    version: Type.String(),
    authRefused: Type.Optional(
      Type.Array(Type.Object({ backendId: Type.Integer(), code: Type.String(), since: IsoTime }), {
        description: 'backends whose credentials a remote refused (AMAZON_AUTH_FAILED): the process is up, their sync waits for new credentials',
      }),
    ),
    backends: Type.Array(
      Type.Object({
        id: BackendId,
        name: Type.String(),
        state: Type.Union([Type.Literal('failing'), Type.Literal('stalled')]),
        code: Nullable(Type.String({ description: 'why (ERP_UNAVAILABLE, ERP_AUTH_FAILED, FLOW_STALLED...)' })),
        message: Nullable(Type.String()),
        since: Nullable(IsoTime),
      }),
      { description: 'the backends not ok (their set-up or a flow failing or stalled), each with its reason' },
    ),
  },
  { $id: 'Health' },
);
