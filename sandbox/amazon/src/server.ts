/** The Fastify app: Host-header routing, LWA, Orders v2026-01-01, the admin API, request ids and the call log. */
import { randomUUID } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/admin.routes.ts';
import { sendErrors } from './http/amazon-errors.ts';
import { classifyHost } from './http/host-routing.ts';
import { registerLwaRoute } from './http/lwa.route.ts';
import { registerOrdersRoutes } from './http/orders.routes.ts';
import './http/request-context.ts';
import { registerFbaInventoryRoutes } from './http/fba-inventory.routes.ts';
import { registerShipmentRoutes } from './http/shipments.routes.ts';
import { registerShippingRoutes } from './shipping/shipping.routes.ts';
import { registerMerchantFulfillmentRoutes } from './merchant-fulfillment/mfn.routes.ts';
import { registerFeedDocumentRoutes } from './http/feed-documents.routes.ts';
import { registerFeedRoutes } from './http/feeds.routes.ts';
import { registerListingsRoutes } from './http/listings.routes.ts';
import { registerReportRoutes } from './http/reports.routes.ts';
import { registerFinancesRoutes } from './http/finances.routes.ts';
import { registerDestinationRoutes } from './notifications/destinations.routes.ts';
import { registerSubscriptionRoutes } from './notifications/subscriptions.routes.ts';
import { registerSqsRoutes } from './sqs/sqs.routes.ts';
import { registerSellersRoutes } from './http/sellers.routes.ts';
import { registerConsentRoutes } from './authorization/consent.routes.ts';
import { registerSolicitationRoutes } from './care/solicitations.routes.ts';
import { registerMessagingRoutes } from './care/messaging.routes.ts';
import type { SandboxState } from './state.ts';

/** Builds (does not start) the HTTP app of a sandbox. */
export function buildServer(state: SandboxState): FastifyInstance {
  const app = Fastify({ logger: state.opts.logger, bodyLimit: 50 * 1024 * 1024 });
  app.decorateRequest('target', undefined as never);
  app.decorateRequest('callInfo', undefined);
  // Real LWA takes form-encoded bodies too; amazon-sp-api sends JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => {
    done(null, parseQueryString(text as string));
  });
  // Amazon takes a DELETE with `Content-Type: application/json` and no body (amazon-sp-api sends it so): an empty
  // JSON body is no body, not a 400.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    if (text === '') return done(null, undefined);
    defaultJson(req, text as string, done);
  });
  app.addHook('onRequest', async (req, reply) => {
    req.target = classifyHost(req.headers.host, state.opts.region);
    reply.header('x-amzn-RequestId', randomUUID());
    // SQS's host serves its JSON protocol on `POST /` only.
    if (req.target.kind === 'sqs' && (req.method !== 'POST' || req.url.split('?')[0] !== '/')) {
      return reply.code(404).send({ message: 'Not Found' });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    const info = req.callInfo;
    if (!info) return;
    state.calls.record({ at: new Date(state.now()).toISOString(), operation: info.operation, sellerId: info.sellerId,
      status: reply.statusCode, throttled: info.throttled, ...(info.fault ? { fault: info.fault } : {}) });
  });
  // An `_after_accept` fault: the operation ran (a write is recorded), its answer never reaches the client.
  app.addHook('onSend', async (req, _reply, payload) => {
    const after = req.callInfo?.afterAccept;
    if (!after) return payload;
    state.calls.record({ at: new Date(state.now()).toISOString(), operation: req.callInfo!.operation,
      sellerId: req.callInfo!.sellerId, status: 0, throttled: false, fault: after.kind });
    req.callInfo = undefined; // logged here, as what the client saw (no status)
    await state.faults.afterAccept(req, after.kind, after.holdMs);
    return payload;
  });
  // Answers held by a `timeout` fault would keep close() waiting for them.
  app.addHook('preClose', async () => {
    state.faults.releaseHeld();
    state.feedProcessor.stop();
    state.reportProcessor.stop();
    state.announcer.stop();
    // Long polls end at once (empty answers) and pending notifications are dropped, so close() does not wait.
    state.sqs.queues.close();
    state.publisher.clear();
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.target?.kind === 'sp-api') return sendErrors(reply, 404, { code: 'NotFound', message: 'Resource not found' });
    return reply.code(404).send({ message: 'Not Found' });
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'sandbox failure');
    return sendErrors(reply, status, {
      code: status === 500 ? 'InternalFailure' : 'InvalidInput',
      message: status === 500 ? 'We encountered an internal error. Please try again.' : err.message,
    });
  });
  registerLwaRoute(app, state);
  registerOrdersRoutes(app, state);
  registerShipmentRoutes(app, state);
  registerShippingRoutes(app, state);
  registerMerchantFulfillmentRoutes(app, state);
  registerFbaInventoryRoutes(app, state);
  registerFeedRoutes(app, state);
  registerListingsRoutes(app, state);
  registerReportRoutes(app, state);
  registerFinancesRoutes(app, state);
  registerFeedDocumentRoutes(app, state);
  registerDestinationRoutes(app, state);
  registerSubscriptionRoutes(app, state);
  registerSqsRoutes(app, state);
  registerSellersRoutes(app, state);
  registerConsentRoutes(app, state);
  registerSolicitationRoutes(app, state);
  registerMessagingRoutes(app, state);
  registerAdminRoutes(app, state);
  return app;
}
