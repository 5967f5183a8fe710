import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { loginWithApiToken, signOut } from '@/session/session';
import BuyerMessages from './BuyerMessages.vue';

const ID = '305-1234567-1234567';
const PATH = `/api/backends/1/orders/${ID}/messages`;
const allowed = {
  amazonOrderId: ID,
  marketplaceId: 'A1PA6795UKMFR9',
  buyerLocale: 'de-DE',
  types: [
    { type: 'confirmDeliveryDetails', label: 'Confirm delivery details', sendable: true, fields: ['text'], maxLength: 2000 },
    { type: 'legalDisclosure', label: 'legalDisclosure', sendable: false, fields: [], maxLength: null },
  ],
};
const sentRow = { id: 1, amazonOrderId: ID, messageType: 'confirmDeliveryDetails', state: 'sent', code: null, text: 'Morgen zwischen 9 und 12 Uhr.', sentBy: 'Ida', erpOrderId: 42, erpMessageId: 7, createdAt: '2026-12-01T10:00:00.000Z' };
const buttonNamed = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(name))!;

async function mountAs(roles: string[], routes: Parameters<typeof mockFetch>[0]) {
  const mock = mockFetch({ 'GET /api/session': { body: { user: { name: 'Ida', roles } } }, ...routes });
  await loginWithApiToken('token');
  const mounted = await mountScreen(BuyerMessages, { props: { backendId: 1, orderId: ID } });
  return { ...mock, ...mounted };
}

describe('Message the buyer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('asks Amazon only when opened, lists the allowed types and sends one with its text', async () => {
    let sent = false;
    const { calls } = await mountAs(['integrator'], {
      [`GET ${PATH}/allowed`]: { body: allowed },
      [`GET ${PATH}`]: () => ({ body: { items: sent ? [sentRow] : [] } }),
      [`POST ${PATH}`]: () => {
        sent = true;
        return { status: 201, body: sentRow };
      },
    });
    expect(calls.some((r) => r.url.includes('/messages'))).toBe(false);
    buttonNamed('Show the messages Amazon allows').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('de-DE'));
    const textarea = document.querySelector<HTMLTextAreaElement>('textarea')!;
    textarea.value = 'Morgen zwischen 9 und 12 Uhr.';
    textarea.dispatchEvent(new Event('input'));
    await flushPromises();
    const send = buttonNamed('Send to the buyer');
    expect(send.disabled).toBe(false);
    send.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({ type: 'confirmDeliveryDetails', text: 'Morgen zwischen 9 und 12 Uhr.' });
    await vi.waitFor(() => expect(document.body.textContent).toContain('Morgen zwischen 9 und 12 Uhr.'));
    expect(document.body.textContent).toContain('confirmDeliveryDetails');
  });

  it('lets a viewer read but not send, and shows the code when messages are switched off', async () => {
    await mountAs(['viewer'], {
      [`GET ${PATH}/allowed`]: { body: allowed },
      [`GET ${PATH}`]: { body: { items: [sentRow] } },
    });
    buttonNamed('Show the messages Amazon allows').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('Morgen zwischen 9 und 12 Uhr.'));
    expect(buttonNamed('Send to the buyer').disabled).toBe(true);
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
    signOut();
    await mountAs(['integrator'], { [`GET ${PATH}/allowed`]: { status: 409, body: { code: 'BUYER_MESSAGES_OFF', message: 'buyer messages are switched off for backend 1' } }, [`GET ${PATH}`]: { body: { items: [] } } });
    buttonNamed('Show the messages Amazon allows').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('BUYER_MESSAGES_OFF'));
  });
});
