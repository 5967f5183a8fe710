/* eslint-disable @typescript-eslint/no-explicit-any -- test helper: answers are checked field by field by the tests */
/** Minimal JSON-2 / JSON-RPC callers for the sandbox's tests. */
import type { RunningErpSandbox } from '../src/index.ts';

/** POST /json/2/<model>/<method>; resolves to { status, body }. */
export async function json2(sb: RunningErpSandbox, path: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const r = await fetch(`${sb.url}/json/2/${path}`, {
    method: 'POST',
    headers: { authorization: `bearer ${sb.apiKey}`, 'x-odoo-database': sb.dbName, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text.startsWith('<') ? text : JSON.parse(text) };
}

/** object.execute_kw over /jsonrpc; resolves to the whole JSON-RPC answer. */
export async function executeKw(sb: RunningErpSandbox, model: string, method: string, args: unknown[], kwargs: object = {}): Promise<any> {
  const r = await fetch(`${sb.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [sb.dbName, 2, sb.apiKey, model, method, args, kwargs] } }),
  });
  return r.json();
}
