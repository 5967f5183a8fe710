import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import ConnectionEditForm from './ConnectionEditForm.vue';

const secrets = { amazonClientSecret: 'set', amazonRefreshToken: 'not_set', erpApiKey: 'set', erpPassword: 'not_set', erpLogin: null };
const withSecrets = (over: Record<string, unknown> = {}) => ({ ...backend(1), secrets: { ...secrets, ...over } });

async function open(patch: (req: Request) => { status?: number; body: unknown }) {
  const mock = mockFetch({ 'GET /api/backends/1': { body: withSecrets() }, 'PATCH /api/backends/1/connection': patch });
  const saved = vi.fn();
  const mounted = await mountScreen(ConnectionEditForm, { props: { backendId: 1, onSaved: saved } });
  await vi.waitFor(() => expect(mounted.wrapper.find('input[name="database"]').exists()).toBe(true));
  return { ...mock, ...mounted, saved };
}

describe('Connection edit form', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('says which secrets are set, never fills them, and sends only what changed and the secrets typed', async () => {
    const bodies: unknown[] = [];
    const { wrapper, saved } = await open((req) => {
      void req.clone().json().then((b) => bodies.push(b));
      return { body: withSecrets({ erpPassword: 'set', erpLogin: 'sync' }) };
    });
    expect(wrapper.find('[data-secret="amazonClientSecret"]').text()).toContain('set');
    expect(wrapper.find('[data-secret="amazonRefreshToken"]').text()).toContain('not set');
    expect(wrapper.find('[data-secret="erpPassword"]').text()).toContain('not set');
    expect((wrapper.find('input[name="apiKey"]').element as HTMLInputElement).value).toBe('');
    expect((wrapper.find('input[name="database"]').element as HTMLInputElement).value).toBe('prod');
    await wrapper.find('input[name="database"]').setValue('staging');
    await wrapper.find('input[name="login"]').setValue('sync');
    await wrapper.find('input[name="password"]').setValue('typed-password');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(saved).toHaveBeenCalled());
    await vi.waitFor(() => expect(bodies).toEqual([{ erp: { database: 'staging', login: 'sync', password: 'typed-password' } }]));
    // The typed secret is forgotten once sent; the answer's states are shown.
    expect((wrapper.find('input[name="password"]').element as HTMLInputElement).value).toBe('');
    expect(wrapper.find('[data-secret="erpPassword"]').text()).not.toContain('not set');
  });

  it("shows the API's refusal with its code and keeps the form", async () => {
    const { wrapper, saved } = await open(() => ({ status: 400, body: { code: 'BACKEND_INVALID', message: 'invalid backend fields: credentials.erp' } }));
    await wrapper.find('input[name="sellerId"]').setValue('S2');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.text()).toContain('BACKEND_INVALID'));
    expect(saved).not.toHaveBeenCalled();
    expect((wrapper.find('input[name="sellerId"]').element as HTMLInputElement).value).toBe('S2');
  });
});
