/**
 * The ERP side of a connection test, in the order a person fixes things: the URL is allowed, the server answers
 * and is an Odoo of a supported version, the database exists, the key or login is accepted, the modules the
 * flows write to are installed. Each failure stops the checks that need it (they are listed as skipped).
 */
import { checkErpAddress, checkErpUrl, type ErpUrlPolicy } from '../../core/backend/index.ts';
import { isSyncError } from '../../core/errors.ts';
import { connectOdoo, MIN_SUPPORTED_MAJOR, type ErpServerVersion, type OdooClient } from '../../erp/index.ts';
import { HttpClient } from '../../erp/odoo/http-client.ts';
import { jsonRpc } from '../../erp/odoo/jsonrpc-transport.ts';
import { detectServerVersion } from '../../erp/odoo/server-version.ts';
import { moduleStates } from '../../sync/frame/erp-modules.ts';
import { CheckFailure, passed, skipped, timeboxed, type CheckRow } from './check-row.ts';
import type { ConnectionDraft } from './connection-draft.ts';

export interface ErpCheckOptions {
  erpUrls?: ErpUrlPolicy;
  timeoutMs: number;
  /** The ERP modules to find installed, each with why (the orders flow's base needs and the flows' own). */
  modules: ReadonlyArray<{ name: string; why: string }>;
}

const STEPS = ['erp.server', 'erp.database', 'erp.login', 'erp.modules'] as const;

export async function erpChecks(d: ConnectionDraft, opts: ErpCheckOptions): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const http = (() => {
    try {
      checkErpUrl(d.erp.url, opts.erpUrls);
      return new HttpClient(d.erp.url.replace(/\/+$/, ''), { timeoutMs: opts.timeoutMs, maxSockets: 2, checkAddress: (a) => checkErpAddress(a, opts.erpUrls) });
    } catch (e) {
      rows.push({ check: 'erp.server', ok: false, code: 'ERP_URL_REFUSED', message: (e as Error).message.slice(0, 200), hint: 'give the ERP\'s http(s) base URL, without credentials, not a link-local or metadata address' });
      return null;
    }
  })();
  if (!http) return [...rows, ...STEPS.slice(1).map((s) => skipped(s, 'erp.server'))];
  let client: OdooClient | null = null;
  try {
    const steps: Array<[string, () => Promise<CheckRow>]> = [
      ['erp.server', async () => passed('erp.server', `Odoo ${(await server(http)).serie} answers`)],
      ['erp.database', () => database(http, d.erp.database)],
      ['erp.login', async () => {
        client = await login(d, opts);
        return passed('erp.login', `the ERP accepted the ${d.erp.apiKey ? 'API key' : `login ${d.erp.login}`}`);
      }],
      ['erp.modules', () => modules(client!, opts.modules)],
    ];
    for (const [name, run] of steps) {
      const row = await timeboxed(name, opts.timeoutMs, 'ERP_UNREACHABLE', run);
      rows.push(row);
      if (!row.ok) return [...rows, ...STEPS.slice(rows.length).map((s) => skipped(s, name))];
    }
    return rows;
  } finally {
    http.close();
    await (client as OdooClient | null)?.close();
  }
}

async function server(http: HttpClient): Promise<ErpServerVersion> {
  let version: ErpServerVersion;
  try {
    version = await detectServerVersion(http);
  } catch (e) {
    if (isSyncError(e) && e.code === 'ERP_URL_REFUSED') throw new CheckFailure('ERP_URL_REFUSED', e.message.slice(0, 200), 'the ERP name resolves to a forbidden address');
    if (isSyncError(e) && e.code === 'ERP_PROTOCOL') throw new CheckFailure('ERP_NOT_ODOO', 'the server answers, but not like Odoo (no /web/version, no /jsonrpc)', "check the URL: Odoo's base URL, not a page of it");
    if (isSyncError(e) && e.kind === 'retryable') throw new CheckFailure('ERP_UNREACHABLE', `the ERP could not be reached (${e.message.slice(0, 120)})`, 'check the URL, that the ERP is up and reachable from the connector (firewall, VPN)');
    throw e;
  }
  if (version.major < MIN_SUPPORTED_MAJOR) throw new CheckFailure('ERP_VERSION_UNSUPPORTED', `Odoo ${version.serie} is not supported`, `the connector needs Odoo ${MIN_SUPPORTED_MAJOR}, 18 or 19`);
  return version;
}

/** The database is among the server's (when it lists them: a server may hide its list, then the login tells). */
async function database(http: HttpClient, name: string): Promise<CheckRow> {
  let names: unknown;
  try {
    names = await jsonRpc(http, 1, 'db', 'list', [], true);
  } catch (e) {
    if (isSyncError(e) && e.kind === 'retryable') throw e;
    return passed('erp.database', 'the server does not list its databases: the login checks the name');
  }
  if (Array.isArray(names) && !names.includes(name)) {
    throw new CheckFailure('ERP_DATABASE_UNKNOWN', `the ERP has no database "${name}" (it has ${names.length})`, 'check the database name (Odoo: the selector of the login page, or Settings > Database name)');
  }
  return passed('erp.database', `database "${name}" exists`);
}

async function login(d: ConnectionDraft, opts: ErpCheckOptions): Promise<OdooClient> {
  try {
    return await connectOdoo(
      {
        url: d.erp.url,
        database: d.erp.database,
        ...(d.erp.apiKey ? { apiKey: d.erp.apiKey } : {}),
        ...(d.erp.login ? { login: d.erp.login } : {}),
        ...(d.erp.password ? { password: d.erp.password } : {}),
        ...(d.erp.companyId !== null ? { companyId: d.erp.companyId } : {}),
        timeoutMs: opts.timeoutMs,
        maxSockets: 2,
      },
      opts.erpUrls ? { urlPolicy: opts.erpUrls } : {},
    );
  } catch (e) {
    throw loginFailure(e, d);
  }
}

async function modules(client: OdooClient, wanted: ErpCheckOptions['modules']): Promise<CheckRow> {
  const states = await moduleStates(client, wanted.map((m) => m.name));
  const missing = wanted.filter((m) => states.get(m.name) !== 'installed');
  if (missing.length) {
    return { check: 'erp.modules', ok: false, code: 'MODULE_MISSING', message: `not installed: ${missing.map((m) => `${m.name} (${m.why})`).join('; ')}`, hint: 'install them in Odoo (Apps), or let the set-up install them (its one-click fix, or the setting erpSetup.installModules)' };
  }
  return passed('erp.modules', `installed: ${wanted.map((m) => m.name).join(', ')}`);
}

function loginFailure(e: unknown, d: ConnectionDraft): unknown {
  if (!isSyncError(e)) return e;
  const dbSaid = /database/i.test(e.message) && /not found|does not exist/i.test(e.message);
  if (dbSaid || (e.code === 'CONFIG_INVALID' && /database/i.test(e.message))) {
    return new CheckFailure('ERP_DATABASE_UNKNOWN', `the ERP has no database "${d.erp.database}"`, 'check the database name');
  }
  const what = d.erp.apiKey ? 'the API key' : `the login "${d.erp.login}" and its password`;
  if (e.code === 'ERP_AUTH_FAILED') return new CheckFailure('ERP_AUTH_FAILED', `the ERP refused ${what}`, 'Odoo: Preferences > Account Security > New API Key (for the user the connector acts as), or check the login and password');
  if (e.code === 'ERP_ACCESS_DENIED') return new CheckFailure('ERP_ACCESS_DENIED', `the ERP accepted ${what} but refused access`, 'give that user the Sales, Inventory and Accounting rights');
  if (e.code === 'CONFIG_INVALID') return new CheckFailure('ERP_VERSION_UNSUPPORTED', e.message.slice(0, 200), `the connector needs Odoo ${MIN_SUPPORTED_MAJOR}, 18 or 19`);
  if (e.kind === 'retryable') return new CheckFailure('ERP_UNREACHABLE', `the ERP stopped answering during the login (${e.code})`, 'test again');
  return e;
}
