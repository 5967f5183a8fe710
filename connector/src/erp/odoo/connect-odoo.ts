/**
 * Connecting to an Odoo: settings checked, version read, dialect and transport chosen, credentials proven.
 */
import { checkErpAddress, checkErpUrl, type ErpUrlPolicy } from '../../core/backend/erp-url.ts';
import { dialectFor } from '../dialect.ts';
import type { ErpCallHook } from '../erp-port.ts';
import { HttpClient } from './http-client.ts';
import { Json2Transport } from './json2-transport.ts';
import { JsonRpcTransport } from './jsonrpc-transport.ts';
import { OdooClient } from './odoo-client.ts';
import { DEFAULT_MAX_SOCKETS, DEFAULT_TIMEOUT_MS, parseOdooConnection, type OdooConnection } from './odoo-config.ts';
import { selectTransport } from './select-transport.ts';
import { detectServerVersion } from './server-version.ts';
import type { OdooTransport, TransportKind } from './transport.ts';

export interface ConnectOptions {
  /** Told about every remote call (model, method, duration, error code), for metrics. */
  onCall?: ErpCallHook;
  /** Refuse link-local and metadata addresses, as written and as resolved (default: refuse). */
  urlPolicy?: ErpUrlPolicy;
}

/**
 * Connects to an Odoo: validates the settings, reads the version, picks the transport and proves the credentials
 * (JSON-RPC login, or `res.users.context_get` on JSON-2), so bad settings fail here and not in the first sync.
 */
export async function connectOdoo(settings: unknown, opts: ConnectOptions = {}): Promise<OdooClient> {
  const conn = parseOdooConnection(settings);
  checkErpUrl(conn.url, opts.urlPolicy);
  const http = new HttpClient(conn.url, {
    timeoutMs: conn.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxSockets: conn.maxSockets ?? DEFAULT_MAX_SOCKETS,
    checkAddress: (address) => checkErpAddress(address, opts.urlPolicy),
  });
  try {
    const version = await detectServerVersion(http);
    const dialect = dialectFor(version.major);
    const transport = buildTransport(http, conn, selectTransport(conn, dialect), opts.onCall);
    const client = new OdooClient(http, transport, version, dialect, conn.companyId ?? null);
    if (transport instanceof JsonRpcTransport) await transport.login();
    else await client.call('res.users', 'context_get', null);
    return client;
  } catch (e) {
    http.close();
    throw e;
  }
}

function buildTransport(http: HttpClient, conn: OdooConnection, kind: TransportKind, onCall?: ErpCallHook): OdooTransport {
  if (kind === 'json2') return new Json2Transport(http, { database: conn.database, apiKey: conn.apiKey ?? '', onCall });
  const secret = conn.password ?? conn.apiKey ?? '';
  return new JsonRpcTransport(http, { database: conn.database, login: conn.login ?? '', secret, onCall });
}
