/** Content hashes that do not depend on key order: for amazon_order.content_hash and binding.payload_hash. */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level (arrays keep their order: it is meaningful). `undefined` is left
 * out of objects and written `null` elsewhere (as JSON.stringify does in arrays); so are functions and symbols.
 * The one canonical form of the connector: its hashes are persisted, so this text must never change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of canonicalJson(value), leaving out the top-level keys in `omit` (e.g. 'lastUpdatedTime'). */
export function stableHash(value: unknown, omit: readonly string[] = []): string {
  let v = value;
  if (omit.length && v && typeof v === 'object' && !Array.isArray(v)) {
    v = Object.fromEntries(Object.entries(v).filter(([k]) => !omit.includes(k)));
  }
  return createHash('sha256').update(canonicalJson(v)).digest('hex');
}
