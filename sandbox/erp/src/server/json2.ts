/**
 * JSON-2 (`POST /json/2/<model>/<method>`, Odoo 19): bearer API key, `X-Odoo-Database`, named arguments in the
 * body (`ids`, `context` and the method's parameters), the bare result as the answer, errors with HTTP statuses.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Json } from '../orm/types.ts';
import { answerInjectedFault, InjectedFault } from '../faults/injected-fault.ts';
import { uidForApiKey } from './auth.ts';
import { toErrorBody } from './odoo-error-body.ts';
import { runCall, type ServerCtx } from './run-call.ts';

const NOT_COUNTED = new Set(['res.users.context_get']);

function fail(reply: FastifyReply, name: string, message: string, status: number) {
  return reply.code(status).send({ name, message, arguments: [message, status], context: {}, debug: '' });
}

/** Registers the JSON-2 routes (Odoo 19 only: an Odoo 18 answers 404 there). */
export function registerJson2(app: FastifyInstance, ctx: ServerCtx): void {
  app.post<{ Params: { model: string; method: string } }>('/json/2/:model/:method', async (req, reply) => {
    if (ctx.version !== 19) {
      return reply.code(404).type('text/html; charset=utf-8').send('<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n');
    }
    const started = process.hrtime.bigint();
    const auth = req.headers.authorization ?? '';
    const m = /^bearer\s+(.+)$/i.exec(auth.trim());
    const uid = m ? await uidForApiKey(ctx, m[1]!.trim()) : null;
    if (uid === null) return fail(reply, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401);
    const db = req.headers['x-odoo-database'];
    if (db !== undefined && db !== ctx.dbName) return fail(reply, 'werkzeug.exceptions.NotFound', `Database ${String(db)} not found`, 404);
    const { model, method } = req.params;
    const raw = (req.body ?? {}) as Record<string, Json>;
    if (typeof raw !== 'object' || Array.isArray(raw)) return fail(reply, 'werkzeug.exceptions.BadRequest', 'The body must be a JSON object', 400);
    const { ids, context, ...kwargs } = raw;
    const idList = Array.isArray(ids) ? (ids as number[]) : typeof ids === 'number' ? [ids] : [];
    let status = 200;
    let payload: unknown;
    try {
      const result = await runCall(ctx, uid, { model, method, ids: idList, kwargs }, (context ?? {}) as Record<string, Json>);
      payload = result === undefined ? null : result;
    } catch (e) {
      if (e instanceof InjectedFault) {
        ctx.stats.record(`${model}.${method}`, process.hrtime.bigint() - started);
        return answerInjectedFault(req, reply, e);
      }
      const err = toErrorBody(e, 'json2');
      status = err.status;
      payload = err.body;
    }
    const key = `${model}.${method}`;
    if (!NOT_COUNTED.has(key)) ctx.stats.record(key, process.hrtime.bigint() - started);
    return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(payload));
  });
}
