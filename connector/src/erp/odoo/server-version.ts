/**
 * Which Odoo is there: `GET /web/version` (no authentication; 17+), else JSON-RPC `common.version` (every
 * version). The major version picks the dialect and whether JSON-2 is available.
 */
import { isSyncError, PermanentError } from '../../core/errors.ts';
import type { ErpServerVersion } from '../erp-port.ts';
import type { HttpClient } from './http-client.ts';
import { parseJson } from './json2-transport.ts';
import { jsonRpc } from './jsonrpc-transport.ts';
import { protocolError } from './odoo-errors.ts';

/** Reads the server's version; throws a RetryableError when the server is not reachable. */
export async function detectServerVersion(http: HttpClient): Promise<ErpServerVersion> {
  const answer = await http.send('GET', '/web/version', {}, undefined, true);
  if (answer.status === 200) {
    const parsed = parseJson(answer.body);
    const v = parsed.ok ? (parsed.value as { version_info?: unknown; version?: unknown } | null) : null;
    const version = v ? toVersion(v.version_info, v.version) : undefined;
    if (version) return version;
  }
  // Older or proxied servers: the JSON-RPC common service answers on every version.
  let info: unknown;
  try {
    info = await jsonRpc(http, 0, 'common', 'version', [], true);
  } catch (e) {
    if (isSyncError(e) && e.kind === 'permanent') {
      throw new PermanentError('ERP_PROTOCOL', 'The server does not answer like Odoo (no /web/version, no /jsonrpc)', e.details, { cause: e });
    }
    throw e;
  }
  const v = info as { server_version_info?: unknown; server_serie?: unknown } | null;
  const version = v ? toVersion(v.server_version_info, v.server_serie) : undefined;
  if (!version) throw protocolError('common.version', 'an answer without a version', 200);
  return version;
}

/** `[19, 0, 0, "final", 0, ""]` or `["saas~18", 3, ...]` plus "19.0" / "saas~18.3" -> { major, serie }. */
export function toVersion(info: unknown, serie: unknown): ErpServerVersion | undefined {
  if (!Array.isArray(info) || info.length === 0) return undefined;
  const head: unknown = info[0];
  const major = typeof head === 'number' ? head : typeof head === 'string' ? Number(/(\d+)/.exec(head)?.[1]) : NaN;
  if (!Number.isInteger(major) || major <= 0) return undefined;
  const minor = typeof info[1] === 'number' ? info[1] : 0;
  return { major, serie: typeof serie === 'string' && serie ? serie : `${major}.${minor}` };
}
