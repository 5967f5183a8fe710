import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICATION, startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { call } from './helpers/http-client.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sb: AmazonSandbox;
let now = Date.parse('2026-03-01T10:00:00Z');
const draft = { ...DEMO_APPLICATION, applicationId: 'amzn1.sp.solution.draft-0001', name: 'Draft app', draft: true, redirectUris: ['https://connector.example/amazon/oauth/callback'] };
beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, now: () => now, applications: [{ ...DEMO_APPLICATION }, draft] });
});
afterAll(() => sb.close());

const REDIRECT = 'http://127.0.0.1:9/amazon/oauth/callback';
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const consent = (q: Record<string, string>) => call(sb.port, { path: `/apps/authorize/consent?${form(q)}`, host: 'sellercentral.amazon.com' });
const confirm = (q: Record<string, string>) => call(sb.port, { method: 'POST', path: '/apps/authorize/confirm', host: 'sellercentral.amazon.com', form: form(q) });
const lwa = (json: unknown) => call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json });
const app = { client_id: DEMO_APPLICATION.clientId, client_secret: DEMO_APPLICATION.clientSecret };

async function authorize(sellerId: string, state = 'st-1'): Promise<URL> {
  const a = await confirm({ application_id: DEMO_APPLICATION.applicationId, state, redirect_uri: REDIRECT, selling_partner_id: sellerId });
  expect(a.status).toBe(302);
  return new URL(a.headers.location!);
}

describe('website authorisation workflow (Seller Central consent page + LWA authorization_code)', () => {
  it('shows the consent page with the app name and an Authorize button, then redirects with code, state and seller', async () => {
    const page = await consent({ application_id: DEMO_APPLICATION.applicationId, state: 'abc<>', redirect_uri: REDIRECT });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain(DEMO_APPLICATION.name);
    expect(page.text).toContain('id="authorize"');
    expect(page.text).toContain('value="abc&#60;&#62;"'); // the state is escaped, never raw HTML
    const seller = sb.sellers[0]!;
    const to = await authorize(seller.sellerId, 'abc<>');
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get('state')).toBe('abc<>');
    expect(to.searchParams.get('selling_partner_id')).toBe(seller.sellerId);
    const code = to.searchParams.get('spapi_oauth_code')!;
    const token = await lwa({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...app });
    expect(token.status).toBe(200);
    const body = token.body as Obj;
    expect(body.refresh_token).toMatch(/^Atzr\|/);
    // the new refresh token works: an access token, then an SP-API call as that seller
    const again = await lwa({ grant_type: 'refresh_token', refresh_token: body.refresh_token, ...app });
    expect(again.status).toBe(200);
    const mp = await call(sb.port, { path: '/sellers/v1/marketplaceParticipations', host: 'sellingpartnerapi-eu.amazon.com', token: (again.body as Obj).access_token });
    expect(mp.status).toBe(200);
    expect((mp.body as Obj).payload.map((p: Obj) => p.marketplace.id)).toEqual(seller.marketplaceIds);
    expect((mp.body as Obj).payload[0]).toMatchObject({ participation: { isParticipating: true, hasSuspendedListings: false }, storeName: seller.name });
  });

  it('takes a code once, within five minutes, for the redirect URI of the consent and the client of the app', async () => {
    const seller = sb.sellers[1]!.sellerId;
    const codeOf = async () => (await authorize(seller)).searchParams.get('spapi_oauth_code')!;
    const used = await codeOf();
    expect((await lwa({ grant_type: 'authorization_code', code: used, redirect_uri: REDIRECT, ...app })).status).toBe(200);
    const cases: Array<[Obj, number, string]> = [
      [{ code: used, redirect_uri: REDIRECT, ...app }, 400, 'invalid_grant'],
      [{ code: await codeOf(), redirect_uri: 'http://127.0.0.1:9/elsewhere', ...app }, 400, 'invalid_grant'],
      [{ code: await codeOf(), redirect_uri: REDIRECT, ...app, client_secret: 'wrong' }, 401, 'invalid_client'],
      [{ code: 'ANforged', redirect_uri: REDIRECT, ...app }, 400, 'invalid_grant'],
    ];
    const late = await codeOf();
    for (const [body, status, error] of cases) {
      const a = await lwa({ grant_type: 'authorization_code', ...body });
      expect([a.status, (a.body as Obj).error], JSON.stringify(body)).toEqual([status, error]);
    }
    now += 5 * 60_000 + 1;
    const expired = await lwa({ grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT, ...app });
    expect([expired.status, (expired.body as Obj).error]).toEqual([400, 'invalid_grant']);
  });

  it("refuses what Amazon refuses: unknown app, a draft app without version=beta, an unregistered redirect URI", async () => {
    const code = async (q: Record<string, string>) => (await consent(q)).text.match(/id="error-code">(\w+)</)?.[1];
    expect(await code({ application_id: 'amzn1.sp.solution.nope', state: 's' })).toBe('MD9100');
    expect(await code({ application_id: draft.applicationId, state: 's' })).toBe('MD1000');
    expect(await code({ application_id: draft.applicationId, state: 's', version: 'beta', redirect_uri: 'https://evil.example/cb' })).toBe('MD5101');
    const ok = await consent({ application_id: draft.applicationId, state: 's', version: 'beta' });
    expect(ok.status).toBe(200);
    // not served on Amazon's API hosts
    const api = await call(sb.port, { path: `/apps/authorize/consent?application_id=${DEMO_APPLICATION.applicationId}&state=s`, host: 'sellingpartnerapi-eu.amazon.com' });
    expect(api.status).toBe(404);
  });
});
