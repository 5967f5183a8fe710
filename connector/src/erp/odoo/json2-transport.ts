/**
 * JSON-2, Odoo 19's REST-like transport: `POST /json/2/<model>/<method>` with a bearer API key, every argument by
 * name, the bare result as the answer body, and errors as HTTP statuses with Odoo's error object as the body.
 */
import type { ErpCallHook } from '../erp-port.ts';
import type { HttpClient } from './http-client.ts';
import { fromBareHttpAnswer, fromOdooException, isOdooException, protocolError } from './odoo-errors.ts';
import { assertNames, isReadOnly, observed, type OdooCall, type OdooTransport } from './transport.ts';

export interface Json2Options {
  database: string;
  apiKey: string;
  onCall?: ErpCallHook | undefined;
}

export class Json2Transport implements OdooTransport {
  readonly kind = 'json2' as const;
  readonly #http: HttpClient;
  readonly #headers: Record<string, string>;
  readonly #onCall: ErpCallHook | undefined;

  constructor(http: HttpClient, opts: Json2Options) {
    this.#http = http;
    this.#onCall = opts.onCall;
    this.#headers = {
      Authorization: `bearer ${opts.apiKey}`,
      'X-Odoo-Database': opts.database,
      'Content-Type': 'application/json; charset=utf-8',
    };
  }

  /** Sends the call; the body holds `ids` (when the method runs on records), the named arguments and `context`. */
  execute(call: OdooCall): Promise<unknown> {
    assertNames(call.model, call.method);
    const body: Record<string, unknown> = {};
    if (call.ids) body.ids = call.ids;
    Object.assign(body, call.named);
    if (call.context) body.context = call.context;
    const what = `${call.model}.${call.method}`;
    return observed(this.#onCall, 'json2', call.model, call.method, async () => {
      const answer = await this.#http.send('POST', `/json/2/${call.model}/${call.method}`, this.#headers, JSON.stringify(body), isReadOnly(call.method));
      const parsed = parseJson(answer.body);
      if (answer.status === 200) {
        if (!parsed.ok) throw protocolError(what, 'a body that is not JSON', answer.status);
        return parsed.value;
      }
      if (parsed.ok && isOdooException(parsed.value)) throw fromOdooException(parsed.value, answer.status);
      throw fromBareHttpAnswer(answer, what);
    });
  }
}

/** JSON.parse without throwing: a proxy's HTML page is an answer to classify, not a crash. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
