/**
 * One external call, whatever the transport: model + method + ids + named arguments. Generic ORM methods first,
 * then the model's own public methods; private ones (leading underscore) are refused as Odoo refuses them.
 */
import { ensureCompanyAccess } from './company-scope.ts';
import { createRecords } from './create.ts';
import { accessError, OdooError, valueError } from './errors.ts';
import { fieldsGet } from './fields-get.ts';
import { loadRecords } from './load.ts';
import { readRecords, searchCount, searchIds } from './read.ts';
import type { Env, Json, Vals } from './types.ts';
import { unlinkRecords, writeRecords } from './write.ts';

export interface Call {
  model: string;
  method: string;
  ids: number[];
  kwargs: Record<string, Json>;
}

/** Thrown for an unknown model; JSON-2 and JSON-RPC word it differently. */
export class UnknownModel extends Error {
  readonly model: string;
  constructor(model: string) {
    super(`the model '${model}' does not exist`);
    this.model = model;
  }
}

const num = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null);
const fieldsArg = (v: Json | undefined): string[] | null => (Array.isArray(v) ? (v as string[]) : null);

/** Runs the call in `env` (its transaction) and returns the method's result (`undefined` = None). */
export async function execute(env: Env, call: Call): Promise<Json | undefined> {
  const model = env.registry.models.get(call.model);
  if (!model) throw new UnknownModel(call.model);
  if (call.method.startsWith('_')) {
    throw accessError(`Private methods (such as '${call.model}.${call.method}') cannot be called remotely.`);
  }
  const kw = call.kwargs;
  const own = model.methods[call.method];
  if (own) return own(env, call.ids, kw);
  switch (call.method) {
    case 'create':
      return createRecords(env, model, listOfVals(kw.vals_list));
    case 'read':
      await ensureCompanyAccess(env, model, call.ids, 'read');
      return readRecords(env, model, call.ids, fieldsArg(kw.fields));
    case 'write':
      await ensureCompanyAccess(env, model, call.ids, 'write');
      await writeRecords(env, model, call.ids, (kw.vals ?? {}) as Vals);
      return true;
    case 'unlink':
      await ensureCompanyAccess(env, model, call.ids, 'unlink');
      await unlinkRecords(env, model, call.ids);
      return true;
    case 'search':
      return searchIds(env, model, kw.domain ?? [], { limit: num(kw.limit), offset: num(kw.offset), order: (kw.order as string) ?? null });
    case 'search_read': {
      const ids = await searchIds(env, model, kw.domain ?? [], { limit: num(kw.limit), offset: num(kw.offset), order: (kw.order as string) ?? null });
      return readRecords(env, model, ids, fieldsArg(kw.fields));
    }
    case 'search_count':
      return searchCount(env, model, kw.domain ?? [], num(kw.limit));
    case 'fields_get':
      return fieldsGet(model, fieldsArg(kw.allfields), fieldsArg(kw.attributes));
    case 'load':
      return loadRecords(env, model, kw.fields, kw.data);
    case 'exists':
      return searchIds(env, model, [['id', 'in', call.ids]], {});
    case 'name_search': {
      const ids = await searchIds(env, model, [...((kw.args ?? kw.domain ?? []) as Json[]), ['display_name', (kw.operator as string) ?? 'ilike', kw.name ?? '']], { limit: num(kw.limit) ?? 100 });
      return (await readRecords(env, model, ids, ['display_name'])).map((r) => [r.id!, r.display_name!]);
    }
  }
  throw new OdooError('builtins.AttributeError', `The method '${call.method}' does not exist on the model '${call.model}'`, 404);
}

function listOfVals(v: Json | undefined): Vals[] {
  if (v === undefined) throw valueError("create() missing 1 required positional argument: 'vals_list'");
  if (Array.isArray(v)) return v as Vals[];
  if (v && typeof v === 'object') return [v as Vals];
  throw valueError(`Invalid vals_list ${JSON.stringify(v)}`);
}

