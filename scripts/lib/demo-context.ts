/**
 * What every part of the demo shares: where it keeps its files (`.data/` in the clone, created at start), its log
 * line, its secrets kept across runs, the addresses of the three HTTP services, and whether it runs against real
 * accounts (AMAZON_REFRESH_TOKEN set) or the sandboxes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const data = join(root, '.data');
export const log = (l: string) => console.log(`[demo] ${l}`);

export const CONNECTOR_URL = 'http://127.0.0.1:3000';
export const AMAZON_URL = 'http://127.0.0.1:4010';
export const ERP_URL = 'http://127.0.0.1:8069';
/** The ERP sandbox as a person's browser opens its Amazon page (another site than the connector's 127.0.0.1). */
export const ERP_PAGE_ORIGIN = 'http://localhost:8069';
/** The product of the mapped FBA listing (its units in the pools are printed). */
export const FBA_PRODUCT = 'MUG-CER-BLUE';

/** Real mode: the connector alone against the accounts of the environment (README, "Real accounts"). */
export const realMode = Boolean(process.env.AMAZON_REFRESH_TOKEN);

/** Makes `.data/`, or says why the demo cannot run here and exits. */
export function ensureDataDir(): void {
  try {
    mkdirSync(data, { recursive: true });
  } catch (e) {
    console.error(`[demo] cannot make ${data} (${(e as Error).message}): the demo keeps its keys and tokens there; run it from a clone you can write in`);
    process.exit(1);
  }
}

/** A secret kept in `.data/<name>` (mode 0600), made once by `make`, the same on every later run. */
export function fileSecret(name: string, make: () => string): string {
  const path = join(data, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** The ERP sandbox's API key (made by the sandboxes' start, read by the parts that call the ERP). */
export const erpApiKey = () => fileSecret('erp-api-key', () => '');

/** A call to the connector's API with the admin token, as a person with curl would make it. */
export function connectorApi(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> {
  return fetch(`${CONNECTOR_URL}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
