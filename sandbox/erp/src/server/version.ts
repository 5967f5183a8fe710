/** What `/web/version` and `common.version` say for the emulated Odoo version. */
import type { Json } from '../orm/types.ts';

/** Version answers for both endpoints. */
export function versionInfo(version: 18 | 19): { web: Json; rpc: Json } {
  const info: Json[] = [version, 0, 0, 'final', 0, ''];
  return {
    web: { version_info: info, version: `${version}.0` },
    rpc: { server_version: `${version}.0`, server_version_info: info, server_serie: `${version}.0`, protocol_version: 1 },
  };
}
