/**
 * What Fastify logs of a request: method, path, the query with every value replaced except those of the API's own
 * paging and filter parameters (a token passed as `?token=`, `?access_token=` or under any other name must not
 * land in the logs: an allow-list, since a deny-list of names always misses one), remote address. Headers are
 * not logged at all, so no Authorization, cookie or API key header can leak.
 */
import type { FastifyRequest } from 'fastify';

/** Query parameters of the API whose values are never secret. */
const LOGGED_PARAMS = new Set(['limit', 'cursor', 'state', 'status', 'backendId']);

/**
 * An inbound path (`/inbound/...`, what the ERP or Amazon calls) carries its secret in the path: only the route's
 * name and a numeric id are kept, the rest is replaced (`/inbound/erp/7/[REDACTED]`).
 */
export function redactPath(path: string): string {
  if (!path.startsWith('/inbound/')) return path;
  const [name = '', id, ...rest] = path.slice('/inbound/'.length).split('/');
  const keepId = id !== undefined && rest.length > 0 && /^[0-9]{1,9}$/.test(id);
  const kept = ['/inbound', name, ...(keepId ? [id] : [])].join('/');
  return id === undefined ? kept : `${kept}/[REDACTED]`;
}

/** `url` with its inbound secret and every other query value replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return redactPath(url);
  const path = redactPath(url.slice(0, q));
  const out: string[] = [];
  for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
    out.push(`${encodeURIComponent(key)}=${LOGGED_PARAMS.has(key) ? encodeURIComponent(value) : '[REDACTED]'}`);
  }
  return out.length ? `${path}?${out.join('&')}` : path;
}

export const requestSerializers = {
  req(req: FastifyRequest) {
    return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
  },
};
