/**
 * Which ERP URLs a backend may point at. An ERP URL is typed by an integrator and then fetched by the connector
 * with credentials attached, so it must not reach the cloud's instance metadata (which hands out the host's own
 * cloud credentials) or other link-local services. Loopback and private LAN addresses stay allowed: an on-premise
 * Odoo is normal. Checked on create and patch (the URL as written), and again when connecting, on every address
 * the name resolves to (a name may resolve elsewhere later).
 */
import { BlockList, isIP } from 'node:net';
import { PermanentError } from '../errors.ts';

export interface ErpUrlPolicy {
  /** Allow link-local and cloud metadata addresses (CONNECTOR_ERP_ALLOW_LINK_LOCAL=true): only for a lab. */
  allowLinkLocal: boolean;
}

export const DEFAULT_ERP_URL_POLICY: ErpUrlPolicy = { allowLinkLocal: false };

/** Names of cloud metadata services (AWS, GCP, Azure, Alibaba, Oracle, Tencent...). */
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
]);

const refused = new BlockList();
refused.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local: AWS/GCP/Azure/OCI metadata at 169.254.169.254, ECS at .170.2
refused.addSubnet('fe80::', 10, 'ipv6'); // link-local
refused.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
refused.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata

function refuse(reason: string, details: Record<string, unknown>): PermanentError {
  return new PermanentError('ERP_URL_REFUSED', `ERP URL refused: ${reason}`, details);
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a9fe:a9fe` or `::ffff:169.254.169.254`). */
function mappedIpv4(ip: string): string | null {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Throws ERP_URL_REFUSED when `ip` is link-local or a metadata address (unless the policy allows them). */
export function checkErpAddress(ip: string, policy: ErpUrlPolicy = DEFAULT_ERP_URL_POLICY): void {
  if (policy.allowLinkLocal) return;
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = mappedIpv4(bare);
  const family = v4 ? 'ipv4' : isIP(bare) === 6 ? 'ipv6' : 'ipv4';
  if (refused.check(v4 ?? bare, family)) {
    throw refuse('link-local and cloud metadata addresses are not allowed (CONNECTOR_ERP_ALLOW_LINK_LOCAL)', { address: bare });
  }
}

/** Checks an ERP URL as written: http(s), no credentials, no link-local or metadata host. */
export function checkErpUrl(url: string, policy: ErpUrlPolicy = DEFAULT_ERP_URL_POLICY): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('not a URL', { reason: 'not_a_url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('only http and https are allowed', { reason: 'scheme' });
  // Never echo credentials back: the URL is not put in the error.
  if (parsed.username || parsed.password) throw refuse('credentials do not belong in the URL', { reason: 'credentials' });
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) throw refuse('no host', { reason: 'host' });
  if (!policy.allowLinkLocal && METADATA_NAMES.has(host)) {
    throw refuse('cloud metadata hosts are not allowed (CONNECTOR_ERP_ALLOW_LINK_LOCAL)', { reason: 'metadata', host });
  }
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal) || mappedIpv4(literal)) checkErpAddress(literal, policy);
  return parsed;
}
