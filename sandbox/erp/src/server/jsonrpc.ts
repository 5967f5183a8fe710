/**
 * JSON-RPC (`POST /jsonrpc`, all versions): `common` (login, authenticate, version) and `object` (execute_kw,
 * execute). Errors come with HTTP 200 in `error.data`; a method returning None answers without a `result` key.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { answerInjectedFault, InjectedFault } from '../faults/injected-fault.ts';
import { OdooError } from '../orm/errors.ts';
import type { Json } from '../orm/types.ts';
import { checkUid, login } from './auth.ts';
import { toErrorBody } from './odoo-error-body.ts';
import { runCall, type ServerCtx } from './run-call.ts';
import { versionInfo } from './version.ts';

const Envelope = Compile(Type.Object({
  jsonrpc: Type.Optional(Type.String()),
  method: Type.Optional(Type.String()),
  id: Type.Optional(Type.Union([Type.Number(), Type.String(), Type.Null()])),
  params: Type.Object({ service: Type.String(), method: Type.String(), args: Type.Optional(Type.Array(Type.Unknown())) }),
}));

/** Positional parameter names of the generic methods (what execute_kw's `args` mean). */
const POSITIONAL: Record<string, string[]> = {
  create: ['vals_list'], read: ['ids', 'fields', 'load'], write: ['ids', 'vals'], unlink: ['ids'],
  search: ['domain', 'offset', 'limit', 'order'], search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'], fields_get: ['allfields', 'attributes'], context_get: [], name_search: ['name', 'args', 'operator', 'limit'],
  load: ['fields', 'data'],
};
const NOT_COUNTED = new Set(['res.users.context_get']);
const accessDenied = () => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied', 403);

async function objectCall(ctx: ServerCtx, method: string, args: unknown[]): Promise<{ key: string; result: Json | undefined }> {
  const [db, uid, secret, model, name, posArgs, kwargsIn] = args as [string, number, string, string, string, Json[], Record<string, Json>];
  if (db !== ctx.dbName || typeof uid !== 'number' || typeof secret !== 'string' || !(await checkUid(ctx, uid, secret))) throw accessDenied();
  const positional = method === 'execute' ? (args.slice(5) as Json[]) : Array.isArray(posArgs) ? posArgs : [];
  const { context, ...kwargs } = { ...(method === 'execute_kw' ? kwargsIn ?? {} : {}) } as Record<string, Json>;
  const names = POSITIONAL[name] ?? ['ids'];
  let ids: number[] = [];
  positional.forEach((v, i) => {
    const n = names[i];
    if (n === 'ids') ids = Array.isArray(v) ? (v as number[]) : typeof v === 'number' ? [v] : [];
    else if (n) kwargs[n] = v;
  });
  if (typeof kwargs.ids !== 'undefined') {
    ids = Array.isArray(kwargs.ids) ? (kwargs.ids as number[]) : [kwargs.ids as number];
    delete kwargs.ids;
  }
  let result = await runCall(ctx, uid, { model, method: name, ids, kwargs }, (context ?? {}) as Record<string, Json>);
  // create given a single dict answers a single id
  if (name === 'create' && kwargs.vals_list && !Array.isArray(kwargs.vals_list) && Array.isArray(result)) result = result[0] ?? false;
  return { key: `${model}.${name}`, result };
}

/** Registers `/jsonrpc`. */
export function registerJsonRpc(app: FastifyInstance, ctx: ServerCtx): void {
  app.post('/jsonrpc', async (req, reply) => {
    const started = process.hrtime.bigint();
    const body = req.body as Record<string, unknown>;
    const id = (body && typeof body === 'object' ? (body.id as Json) : null) ?? null;
    const answer = (payload: Record<string, unknown>) => reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify({ jsonrpc: '2.0', id, ...payload }));
    let countKey: string | null = null;
    try {
      if (!Envelope.Check(body)) throw new OdooError('werkzeug.exceptions.BadRequest', 'Invalid JSON-RPC request', 400);
      const { service, method, args = [] } = body.params;
      let result: Json | undefined;
      if (service === 'common' && (method === 'login' || method === 'authenticate')) {
        const [db, user, secret] = args as [string, string, string];
        result = db === ctx.dbName ? ((await login(ctx, user, secret)) ?? false) : false;
      } else if (service === 'common' && method === 'version') result = versionInfo(ctx.version).rpc;
      else if (service === 'db' && method === 'list') result = [ctx.dbName];
      else if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
        const r = await objectCall(ctx, method, args);
        countKey = r.key;
        result = r.result;
      } else throw new OdooError('builtins.KeyError', `No such service or method: ${service}.${method}`, 404);
      if (countKey && !NOT_COUNTED.has(countKey)) ctx.stats.record(countKey, process.hrtime.bigint() - started);
      return answer(result === undefined ? {} : { result });
    } catch (e) {
      if (countKey === null && body?.params && typeof body.params === 'object') {
        const a = (body.params as { args?: unknown[] }).args;
        if ((body.params as { service?: string }).service === 'object' && Array.isArray(a)) countKey = `${String(a[3])}.${String(a[4])}`;
      }
      if (countKey && !NOT_COUNTED.has(countKey)) ctx.stats.record(countKey, process.hrtime.bigint() - started);
      if (e instanceof InjectedFault) return answerInjectedFault(req, reply, e);
      const err = toErrorBody(e, 'jsonrpc');
      return answer({ error: { code: 0, message: 'Odoo Server Error', data: err.body } });
    }
  });
}
