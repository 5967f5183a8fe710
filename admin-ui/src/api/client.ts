/**
 * The panel's API client: openapi-fetch typed by `openapi.d.ts` (generated from openapi/openapi.json). It adds the
 * session token, and `unwrap` turns an error answer into an ApiError so screens handle one kind of failure.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi';
import { ApiError } from './api-error';
import { currentToken } from '@/session/token-store';
import { sessionLapsed } from '@/session/session';

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // A lapsed session: get a new one (embedded: from the ERP page) for the next call; this one still fails.
    if (response.status === 401) void sessionLapsed();
    return response;
  },
};

/** Same origin as the panel (the connector serves both); `fetch` is looked up per call so tests can replace it. */
export const api = createClient<paths>({ baseUrl: '', fetch: (req) => globalThis.fetch(req) });
api.use(auth);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of an answer, or an ApiError carrying its `{ code, message }`. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (e) {
    throw ApiError.from(e);
  }
  if (answer.error !== undefined || !answer.response.ok) throw ApiError.from(answer.error, answer.response.status);
  return answer.data as T;
}

export { ApiError };
