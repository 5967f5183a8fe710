/**
 * The session routes (/api/session/*), called with plain fetch: they are the one part of the API the panel uses
 * before it holds a token, and each answer has the same shape `{ sessionToken, expiresAt, user }`.
 */
import { ApiError } from '@/api/api-error';

export interface SessionUser {
  name: string;
  roles: string[];
}
export interface SessionGrant {
  sessionToken: string;
  expiresAt: string;
  user: SessionUser;
}
export interface SessionConfig {
  erpOrigins: string[];
  localLogin: boolean;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await globalThis.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw ApiError.from(e);
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw ApiError.from(data, res.status);
  return data as T;
}

export const sessionApi = {
  config: () => call<SessionConfig>('GET', '/api/session/config'),
  exchange: (token: string) => call<SessionGrant>('POST', '/api/session/exchange', { token }),
  login: (login: string, password: string) => call<SessionGrant>('POST', '/api/session/login', { login, password }),
  refresh: (sessionToken: string) => call<SessionGrant>('POST', '/api/session/refresh', {}, sessionToken),
  probe: (token: string) => call<unknown>('GET', '/api/backends', undefined, token),
  whoAmI: (token: string) => call<{ user: SessionUser }>('GET', '/api/session', undefined, token),
};
