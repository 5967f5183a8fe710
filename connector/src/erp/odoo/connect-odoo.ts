/**
 * Connecting to an Odoo: settings checked, version read, dialect and transport chosen, credentials proven.
 */
import { checkErpAddress, checkErpUrl, type ErpUrlPolicy } from '../../core/backend/erp-url.ts';
import { dialectFor } from '../dialect.ts';
import type { ErpCallHook } from '../erp-port.ts';
import { DEFAULT_PACING, type ErpPacing, type PacingSettings } from '../erp-pacing.ts';
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
  /**
   * The process's pacing of ERP endpoints (erp-pacing.ts): batches sized from the endpoint's call durations and
   * writes limited per endpoint, shared with every other client of the same URL + database. None: fixed batches.
   */
  pacing?: ErpPacing;
  /** This backend's pacing settings (its `erpCalls` namespace); default 6 s per call, one write at a time. */
  pacingSettings?: PacingSettings;
  /** Clock and sleep of the pacing, for tests (durations injected, not wall-clock time). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Connects to an Odoo: validates the settings, reads the version, picks the transport and proves the credentials
 * (JSON-RPC login, or `res.users.context_get` on JSON-2), so bad settings fail here and not in the first sync.
 */
export async function connectOdoo(settings: unknown, opts: ConnectOptions = {}): Promise<OdooClient> {
  const conn = parseOdooConnection(settings);
  checkErpUrl(conn.url, opts.urlPolicy);
  const timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http = new HttpClient(conn.url, {
    timeoutMs,
    maxSockets: conn.maxSockets ?? DEFAULT_MAX_SOCKETS,
    checkAddress: (address) => checkErpAddress(address, opts.urlPolicy),
  });
  try {
    const version = await detectServerVersion(http);
    const dialect = dialectFor(version.major);
    const transport = buildTransport(http, conn, selectTransport(conn, dialect), opts.onCall);
    const pacing = opts.pacing?.forEndpoint(conn.url, conn.database, opts.pacingSettings ?? DEFAULT_PACING) ?? null;
    const client = new OdooClient(http, transport, version, dialect, conn.companyId ?? null, {
      pacing,
      timeoutMs,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    });
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
