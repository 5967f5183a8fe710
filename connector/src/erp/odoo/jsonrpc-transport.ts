/**
 * JSON-RPC (`/jsonrpc`), the transport of every Odoo version (deprecated in 19): `common.login` once for the uid,
 * then `object.execute_kw(db, uid, secret, model, method, args, kwargs)`. Errors come with HTTP 200 and Odoo's
 * error object in `error.data`; a method that returns nothing gives an answer without a `result` key.
 */
import { PermanentError } from '../../core/errors.ts';
import type { ErpCallHook } from '../erp-port.ts';
import type { HttpClient } from './http-client.ts';
import { parseJson } from './json2-transport.ts';
import { fromBareHttpAnswer, fromOdooException, isOdooException, protocolError } from './odoo-errors.ts';
import { assertNames, isReadOnly, observed, type OdooCall, type OdooTransport } from './transport.ts';

const HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** One JSON-RPC request to a service (`common`, `object`, `db`); resolves to `result`, or null when absent. */
export async function jsonRpc(
  http: HttpClient, id: number, service: string, method: string, args: unknown[], safeToResend = false,
): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id, params: { service, method, args } });
  const what = `${service}.${method}`;
  const answer = await http.send('POST', '/jsonrpc', HEADERS, body, safeToResend);
  const parsed = parseJson(answer.body);
  const envelope = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
    ? (parsed.value as { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } })
    : undefined;
  if (envelope?.error) {
    if (isOdooException(envelope.error.data)) throw fromOdooException(envelope.error.data, answer.status);
    if (envelope.error.code === 100) throw new PermanentError('ERP_AUTH_FAILED', 'ERP session expired or refused', { httpStatus: answer.status });
  }
  if (answer.status !== 200) throw fromBareHttpAnswer(answer, what);
  if (!envelope) throw protocolError(what, 'a body that is not a JSON-RPC answer', answer.status);
  if (envelope.error) throw protocolError(what, 'an error without Odoo details', answer.status);
  // Odoo leaves `result` out when the method returned None.
  return 'result' in envelope ? envelope.result : null;
}

export interface JsonRpcOptions {
  database: string;
  login: string;
  /** Password or API key: the same secret serves login and every call. */
  secret: string;
  onCall?: ErpCallHook | undefined;
}

export class JsonRpcTransport implements OdooTransport {
  readonly kind = 'jsonrpc' as const;
  readonly #http: HttpClient;
  readonly #opts: JsonRpcOptions;
  #nextId = 1;
  #uid: Promise<number> | undefined;

  constructor(http: HttpClient, opts: JsonRpcOptions) {
    this.#http = http;
    this.#opts = opts;
  }

  /** Logs in (once; concurrent callers share the same attempt, a failed attempt is forgotten) and returns the uid. */
  login(): Promise<number> {
    this.#uid ??= this.#login().catch((e: unknown) => {
      this.#uid = undefined;
      throw e;
    });
    return this.#uid;
  }

  /** Sends the call through `execute_kw`: ids then the `positional` arguments, the rest and `context` by name. */
  async execute(call: OdooCall): Promise<unknown> {
    assertNames(call.model, call.method);
    const uid = await this.login();
    const positionalNames = call.positional ?? [];
    const args: unknown[] = call.ids ? [call.ids] : [];
    const kwargs: Record<string, unknown> = {};
    for (const name of positionalNames) args.push(call.named[name]);
    for (const [k, v] of Object.entries(call.named)) if (!positionalNames.includes(k)) kwargs[k] = v;
    if (call.context) kwargs.context = call.context;
    const { database, secret } = this.#opts;
    return observed(this.#opts.onCall, 'jsonrpc', call.model, call.method, () =>
      jsonRpc(this.#http, this.#nextId++, 'object', 'execute_kw', [database, uid, secret, call.model, call.method, args, kwargs], isReadOnly(call.method)),
    );
  }

  async #login(): Promise<number> {
    const { database, login, secret } = this.#opts;
    const uid = await observed(this.#opts.onCall, 'jsonrpc', 'common', 'login', () =>
      jsonRpc(this.#http, this.#nextId++, 'common', 'login', [database, login, secret], true),
    );
    // A wrong login or password is answered `false`, not an error.
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid <= 0) {
      throw new PermanentError('ERP_AUTH_FAILED', 'ERP login refused', { database });
    }
    return uid;
  }
}
