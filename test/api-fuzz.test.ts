/**
 * No input reaches a 5xx: every admin route of the server (enumerated from the server) called with hostile path
 * parameters, query values and bodies (wrong types, huge numbers, encodings, NUL, prototype keys, deep nesting)
 * answers a 4xx with a code of the catalogue at the catalogue's status, or a 2xx.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorCatalogue } from '../connector/src/app/api-parts.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';

const VALUES = ['', '%20', '+', '0', '-1', '1.5', '1e3', 'true', 'null', '%00', '%FF', '%C0%AF', '%2e%2e', '..', '__proto__', 'constructor',
  '9'.repeat(30), 'a'.repeat(99), '%F0%9F%92%A9', "1'--", '1;select%201', '%5B%5D', '%7B%7D'];
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const BODIES = ['[]', 'null', '1', '"x"', '{}', '{"action":[]}', '{"action":"dismiss","note":{"a":1}}', '{"settings":null}', '{"settings":{"batchSize":"1"}}',
  '{"settings":{"batchSize":1e400}}', '{"name":{"$gt":""}}', `{"action":"dismiss","x":${deep(5000)}}`, deep(100_000), '{"a":"\\ud800"}',
  '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"action":"dismiss"', '\u0000', '{"settings":{"rateOverrides":{"__proto__":{"rate":1}}}}'];

describe('API under hostile input', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture(inject('pgAdminUrl'), 'api_fuzz');
  });
  afterAll(() => f?.close());

  it('answers every hostile request of every authenticated route with a catalogued 4xx (or a 2xx), never a 5xx', async () => {
    const routes = f.api.app.routeAccess.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
    const failures: string[] = [];
    let sent = 0;
    const check = async (method: string, path: string, rawBody?: string) => {
      const r = await f.api.raw(method, path, { authorization: `Bearer ${f.api.token}`, ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}) }, rawBody);
      sent++;
      if (r.status >= 200 && r.status < 300) return;
      let code: string;
      try {
        code = (JSON.parse(r.text) as { code: string }).code;
      } catch {
        code = `not JSON: ${r.text.slice(0, 80)}`;
      }
      const entry = errorCatalogue.entries[code];
      if (r.status >= 500 || !entry || entry.status !== r.status) failures.push(`${method} ${path.slice(0, 120)} ${rawBody?.slice(0, 40) ?? ''} -> ${r.status} ${code}`);
    };
    for (const route of routes) {
      const params = route.url.match(/:\w+/g) ?? [];
      for (const param of params) {
        for (const v of VALUES) {
          const path = route.url.replace(param, v).replace(':id', String(f.ids.backend)).replace(':orderId', f.ids.order);
          await check(route.method, path);
        }
      }
      const base = route.url.replace(':orderId', '999-0000000-0000001').replace(':id', '999');
      if (route.method === 'GET' && !params.length) {
        for (const name of ['limit', 'cursor', 'state', 'status', 'backendId']) {
          for (const v of VALUES) await check('GET', `${base}?${name}=${v}`);
          await check('GET', `${base}?${name}=1&${name}=2`);
        }
      }
      if (route.method === 'POST' || route.method === 'PATCH') {
        for (const body of BODIES) await check(route.method, base, body);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  });
});
