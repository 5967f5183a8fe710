/** The Fastify application: Odoo's endpoints plus the sandbox's own `/_sandbox` admin routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import { COST_OFF } from '../cost/cost-model.ts';
import { registerFaultRoutes } from '../faults/faults.routes.ts';
import { registerHostRoutes } from '../host/host-routes.ts';
import { registerJson2 } from './json2.ts';
import { registerJsonRpc } from './jsonrpc.ts';
import type { ServerCtx } from './run-call.ts';
import { versionInfo } from './version.ts';

/** Builds the app (not listening yet). No request logging: bodies carry buyers' names and addresses. */
export function buildApp(ctx: ServerCtx): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  // Odoo accepts an empty body as `{}`; anything that is not JSON is a 400 in Odoo's error shape
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      const err = Object.assign(new Error('Invalid JSON data'), { statusCode: 400 });
      done(err, undefined);
    }
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    void reply.code(status).send({ name: status === 400 ? 'werkzeug.exceptions.BadRequest' : 'builtins.Exception', message: err.message, arguments: [err.message], context: {}, debug: '' });
  });
  app.get('/web/version', async () => versionInfo(ctx.version).web);
  app.post('/web/version', async () => versionInfo(ctx.version).web);
  registerJson2(app, ctx);
  registerJsonRpc(app, ctx);
  app.get('/_sandbox/stats', async () => ctx.stats.snapshot());
  app.post('/_sandbox/stats/reset', async () => {
    ctx.stats.reset();
    return ctx.stats.snapshot();
  });
  // The modelled Odoo's busy time and per-operation costs since the last reset (sandbox/erp/README.md, "The cost model")
  app.get('/_sandbox/cost', async () => ctx.cost?.snapshot() ?? COST_OFF);
  app.post('/_sandbox/cost/reset', async () => {
    ctx.cost?.reset();
    return ctx.cost?.snapshot() ?? COST_OFF;
  });
  registerFaultRoutes(app, ctx.faults);
  // the web login and the "Amazon" page framing the connector's panel, as the Odoo addon does (../host/)
  registerHostRoutes(app, ctx.pool, ctx.panel);
  // the webhook POSTs automation rules sent (origin, record, outcome; not the body)
  app.get('/_sandbox/webhooks', async () => ({ deliveries: ctx.webhooks.list() }));
  app.delete('/_sandbox/webhooks', async () => {
    ctx.webhooks.clear();
    return { ok: true };
  });
  return app;
}
