/**
 * Amazon notifications as the frame runs them, declared like a flow so the worker and the API assemble them from
 * the one list: the queue reader (a consumer), the subscription task, the channel's admin routes and the codes.
 * It works on the other flows' `amazonNotifications` (handed over as `flows()`), names none of them.
 */
import { Type } from 'typebox';
import { defineFlow, defineTask, type FlowDefinition } from '../flow.ts';
import { notificationsApiRoutes } from './notifications.api.ts';
import { notificationsErrorList } from './notifications.errors.ts';
import { runQueueReader } from './queue-reader.ts';
import type { NotifiedFlow } from './route-notification.ts';
import { NOTIFICATIONS_FLOW, runSubscribe, SUBSCRIBE_TASK } from './subscribe.task.ts';

/** The notifications over the flows `flows()` returns (lazy: the list holds this flow too). */
export function notificationsFlow(flows: () => readonly NotifiedFlow[]): FlowDefinition {
  return defineFlow({
    name: NOTIFICATIONS_FLOW,
    description: "Amazon notifications: one SQS reader for every backend, routed by seller id to the flows that declared the type",
    tasks: [
      defineTask({
        name: SUBSCRIBE_TASK,
        payload: Type.Object({ backendId: Type.Integer({ minimum: 1 }) }),
        // Serves the flows switched on; not behind a switch of its own.
        perBackend: false,
        run: (job, p) => runSubscribe(job.env, flows(), p.backendId),
      }),
    ],
    consumers: [{ name: 'sqs-reader', start: (env, signal) => runQueueReader(env, flows, signal) }],
    apiRoutes: (env) => notificationsApiRoutes(env),
    errorCodes: notificationsErrorList,
  });
}
