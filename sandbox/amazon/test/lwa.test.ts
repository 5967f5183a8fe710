import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { call } from './helpers/http-client.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sb: AmazonSandbox;
beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0 });
});
afterAll(() => sb.close());

const lwa = (json?: unknown, form?: string) =>
  call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json, form });

describe('LWA token endpoint', () => {
  it('exchanges a refresh token (JSON or form-encoded) for a bearer token of that seller', async () => {
    const s = sb.sellers[1]!;
    const a = await lwa({ grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: s.clientId, client_secret: s.clientSecret });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: s.refreshToken });
    expect((a.body as Obj).access_token).toMatch(/^Atza\|/);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: s.clientId,
      client_secret: s.clientSecret }).toString();
    const b = await lwa(undefined, form);
    expect(b.status).toBe(200);
    expect((b.body as Obj).access_token).not.toBe((a.body as Obj).access_token);
    // the token works for that seller's region
    const orders = await call(sb.port, { path: '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z',
      host: 'sellingpartnerapi-na.amazon.com', token: (b.body as Obj).access_token });
    expect(orders.status).toBe(200);
  });

  it("answers bad credentials in LWA's error shape", async () => {
    const s = sb.sellers[0]!;
    const base = { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: s.clientId, client_secret: s.clientSecret };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, refresh_token: 'Atzr|revoked' }, 400, 'invalid_grant'],
      [{ ...base, client_secret: 'wrong' }, 401, 'invalid_client'],
      [{ ...base, client_id: undefined }, 401, 'invalid_client'],
      [{ ...base, grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{ ...base, grant_type: undefined }, 400, 'invalid_request'],
      [{ ...base, refresh_token: undefined }, 400, 'invalid_request'],
    ];
    for (const [body, status, error] of cases) {
      const a = await lwa(body);
      expect([a.status, (a.body as Obj).error], JSON.stringify(body)).toEqual([status, error]);
      expect(Object.keys(a.body as Obj).sort()).toEqual(['error', 'error_description']);
    }
  });

  it('is not served on the SP-API hosts, and the admin API is not served on Amazon hosts', async () => {
    const a = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'sellingpartnerapi-eu.amazon.com', json: {} });
    expect(a.status).toBe(404);
    const b = await call(sb.port, { path: '/_sandbox/calls', host: 'sellingpartnerapi-eu.amazon.com' });
    expect(b.status).toBe(404);
  });
});
