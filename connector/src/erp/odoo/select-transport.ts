/**
 * Which transport to use: JSON-2 on Odoo 19+ when an API key is set (faster, and JSON-RPC goes away in 20),
 * JSON-RPC otherwise (17, 18, or a 19 configured with a login and password); a setting can force either.
 */
import { PermanentError } from '../../core/errors.ts';
import type { ErpDialect } from '../dialect.ts';
import type { OdooConnection } from './odoo-config.ts';
import type { TransportKind } from './transport.ts';

/** Picks the transport for this server and these credentials, or says plainly why none fits. */
export function selectTransport(conn: OdooConnection, dialect: ErpDialect): TransportKind {
  const wanted = conn.transport ?? 'auto';
  if (wanted === 'json2' || (wanted === 'auto' && dialect.hasJson2 && conn.apiKey)) {
    if (!dialect.hasJson2) {
      throw new PermanentError('CONFIG_INVALID', `JSON-2 needs Odoo 19 or newer; this server is ${dialect.major}`, { major: dialect.major });
    }
    if (!conn.apiKey) throw new PermanentError('CONFIG_INVALID', 'JSON-2 needs an API key', {});
    return 'json2';
  }
  if (!conn.login || !(conn.password ?? conn.apiKey)) {
    throw new PermanentError('CONFIG_INVALID', `JSON-RPC on Odoo ${dialect.major} needs a login with a password or API key`, {
      major: dialect.major,
    });
  }
  return 'jsonrpc';
}
