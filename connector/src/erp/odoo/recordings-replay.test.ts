// Replays every call of the real Odoo 19 recordings through the adapter, over the transport each file used: the
// adapter must send exactly the recorded request (the fake server answers nothing else) and return the recorded
// answer, or throw the error the recorded exception means.
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, type ErrorCode } from '../../core/errors.ts';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { startFakeOdoo, type FakeOdoo } from './testing/fake-odoo-server.ts';
import { loadRecordings, type Recording } from './testing/recordings.ts';

type Body = Record<string, unknown>;
interface Replayed { model: string; method: string; ids: number[] | null; kw: Body; positional: unknown[] }

/** What Odoo's exception means for us, written out (not computed by the code under test). */
const MEANING: Array<{ name: string; message: RegExp; code: ErrorCode }> = [
  { name: 'odoo.exceptions.ValidationError', message: /Missing required value/, code: 'ERP_VALIDATION' },
  { name: 'odoo.exceptions.UserError', message: /^Object no\.such\.model doesn't exist/, code: 'ERP_UNKNOWN_MODEL' },
  { name: 'odoo.exceptions.UserError', message: /zero quantity|No items are available to invoice/, code: 'ERP_USER_ERROR' },
  { name: 'werkzeug.exceptions.NotFound', message: /does not exist/, code: 'ERP_UNKNOWN_MODEL' },
  { name: 'odoo.exceptions.AccessError', message: /Private methods/, code: 'ERP_ACCESS_DENIED' },
  { name: 'builtins.ValueError', message: /^Invalid field 'no_such_field'/, code: 'ERP_UNKNOWN_FIELD' },
];

function decode(r: Recording): Replayed {
  if (r.transport === 'json2') {
    const [, , , model = '', method = ''] = r.url.split('/');
    const { ids, ...kw } = r.request as Body;
    return { model, method, ids: (ids as number[] | undefined) ?? null, kw, positional: [] };
  }
  const args = (r.request as { params: { args: unknown[] } }).params.args;
  const positional = args[5] as unknown[];
  const takesIds = !['create', 'search', 'search_read', 'search_count', 'fields_get'].includes(args[4] as string);
  return {
    model: args[3] as string,
    method: args[4] as string,
    ids: takesIds ? (positional[0] as number[]) : null,
    kw: args[6] as Body,
    positional: takesIds ? positional.slice(1) : positional,
  };
}

/** Calls the port method a flow would use for this recorded request. */
function invoke(client: OdooClient, c: Replayed): Promise<unknown> {
  const { context, fields, domain, limit, offset, order, vals_list, vals, ...rest } = c.kw;
  const ctx = context ? { context: context as Body } : {};
  switch (c.method) {
    case 'create':
      return client.create(c.model, (vals_list ?? c.positional[0]) as Body[], ctx);
    case 'read':
      return client.read(c.model, c.ids ?? [], fields as string[], ctx);
    case 'write':
      return client.write(c.model, c.ids ?? [], (vals ?? c.positional[0]) as Body, ctx);
    case 'search':
      return client.search(c.model, domain as [], ctx);
    case 'search_read': {
      const paging = { ...(limit !== undefined ? { limit: limit as number } : {}), ...(offset !== undefined ? { offset: offset as number } : {}), ...(order ? { order: order as string } : {}) };
      return client.searchRead(c.model, domain as [], fields as string[], { ...ctx, ...paging });
    }
    default:
      return client.call(c.model, c.method, c.ids, { ...ctx, ...(Object.keys(rest).length ? { kwargs: rest } : {}) });
  }
}

function recordedOutcome(r: Recording): { value: unknown } | { error: { name: string; message: string }; status: number } {
  if (r.transport === 'json2') {
    return r.status === 200 ? { value: r.response } : { error: r.response as { name: string; message: string }, status: r.status };
  }
  const res = r.response as { result?: unknown; error?: { data: { name: string; message: string } } };
  if (res.error) return { error: res.error.data, status: r.status };
  return { value: 'result' in res ? res.result : null };
}

let fake: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

const FILES = [
  { file: 'flow-json2.jsonl', errors: 0 },
  { file: 'scenarios-json2.jsonl', errors: 5 },
  { file: 'partial-json2.jsonl', errors: 3 },
  { file: 'flow-jsonrpc.jsonl', errors: 0 },
  { file: 'scenarios-jsonrpc.jsonl', errors: 5 },
];

describe.each(FILES)('replaying $file', ({ file, errors }) => {
  it('sends every recorded request and returns the recorded answer or its classified error', async () => {
    const recs = loadRecordings(file);
    const transport = recs[0]!.transport;
    fake = await startFakeOdoo({ recordings: recs, apiKey: 'key-123' });
    const creds = transport === 'json2' ? { apiKey: 'key-123' } : { login: 'admin', password: 'secret-pw' };
    client = await connectOdoo({ url: fake.url, database: 'odoo19', ...creds });
    expect(client.transport).toBe(transport);

    let errorsSeen = 0;
    for (const r of recs) {
      if (r.transport === 'jsonrpc' && (r.request as { params: { service: string } }).params.service === 'common') continue;
      const call = decode(r);
      const expected = recordedOutcome(r);
      const outcome = await invoke(client, call).then((value) => ({ value }), (error: unknown) => ({ error }));
      if ('value' in expected) {
        expect(outcome, `${call.model}.${call.method}`).toEqual({ value: call.method === 'write' ? Boolean(expected.value) : expected.value });
        continue;
      }
      errorsSeen++;
      const meaning = MEANING.find((m) => m.name === expected.error.name && m.message.test(expected.error.message));
      expect(meaning, `no meaning written for ${expected.error.name}`).toBeDefined();
      const err = (outcome as { error: PermanentError }).error;
      expect(err).toBeInstanceOf(PermanentError);
      expect(err.code).toBe(meaning!.code);
      expect(err.details).toMatchObject({ exceptionName: expected.error.name, odooMessage: expected.error.message, httpStatus: expected.status });
    }
    expect(errorsSeen).toBe(errors);
    expect(fake.unmatched).toEqual([]);
    const remote = fake.calls.filter((c) => c.url !== '/web/version');
    for (const c of remote) {
      if (transport === 'json2') {
        expect(c.headers.authorization).toBe('bearer key-123');
        expect(c.headers['x-odoo-database']).toBe('odoo19');
      } else {
        expect(c.url).toBe('/jsonrpc');
      }
    }
  });
});
