/**
 * Admin routes (inside `/_sandbox`) for cancellations, SQS queues and the notifications state:
 * `POST /orders/:id/buyer-cancel-request`, `POST /orders/:id/cancel`, `POST|GET /sqs/queues`,
 * `GET /sqs/queues/:name/messages`, `GET /notifications`.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';
import { buyerCancelRequest, cancelOrder } from './cancellations.ts';
import { checked } from './checked-body.ts';
import { createQueue, notificationsView, queueMessages, queuesView } from './notification-admin.ts';

const BuyerRequestBody = Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  items: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 1000 })),
}, { additionalProperties: false });
const CancelBody = Type.Object({
  by: Type.Union([Type.Literal('AMAZON'), Type.Literal('BUYER')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false });
const QueueBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });

/** Registers the routes on the admin plugin (loopback callers only, its error handler). */
export function registerNotificationAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  admin.post<{ Params: { id: string } }>('/orders/:id/buyer-cancel-request', async (req) =>
    ({ order: buyerCancelRequest(state, req.params.id, checked(BuyerRequestBody, req.body ?? {})) }));
  admin.post<{ Params: { id: string } }>('/orders/:id/cancel', async (req) =>
    ({ order: cancelOrder(state, req.params.id, checked(CancelBody, req.body)) }));
  admin.post('/sqs/queues', async (req) => {
    try {
      return createQueue(state, checked(QueueBody, req.body).name);
    } catch (e) {
      if (e instanceof AdminError) throw e;
      throw new AdminError(400, 'BAD_QUEUE_NAME', (e as Error).message);
    }
  });
  admin.get('/sqs/queues', async () => ({ queues: queuesView(state) }));
  admin.get<{ Params: { name: string } }>('/sqs/queues/:name/messages', async (req) => queueMessages(state, req.params.name));
  admin.get('/notifications', async () => notificationsView(state));
}
