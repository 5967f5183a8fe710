import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import SettlementsScreen from './SettlementsScreen.vue';
import { settlementsCsv, type MoneyTrail, type Reconciliation, type Settlement, type Variance } from './settlements-api';

const settlement = (settlementId: string, over: Partial<Settlement> = {}): Settlement => ({
  settlementId, amazonReportId: `R${settlementId}`, marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de', currency: 'EUR',
  startDate: '2026-11-01T00:00:00.000Z', endDate: '2026-11-15T00:00:00.000Z', depositDate: '2026-11-18T00:00:00.000Z', total: '812.40', lineCount: 57,
  totalsByAmountType: [], unknownOrderLines: 3, state: 'new', conflictCode: null, linesTotal: '812.40', balanced: true,
  payoutState: 'unmatched', payout: null, posting: { state: 'not_posted', entries: 0, postedAt: null }, ...over,
});
const payout = { groupId: 'G-111', processingStatus: 'Closed', fundTransferStatus: 'Succeeded', fundTransferDate: '2026-11-18T06:00:00.000Z',
  originalTotal: { amount: '812.40', currency: 'EUR' }, convertedTotal: null, traceId: 'TR-42', accountTail: '789', groupStart: '2026-11-01T00:00:00.000Z', groupEnd: '2026-11-15T00:00:00.000Z' };
const postingOn = { ...backend(1), settings: { ...backend(1).settings, settlements: { postingEnabled: true } } };
const variance = (over: Partial<Variance> = {}): Variance => ({
  key: 'refund:R-1:REFUND_NOT_CREDITED', reason: 'REFUND_NOT_CREDITED', orderId: '028-1111111-1111111', settlementId: '111', refundId: 'R-1', currency: 'EUR',
  amazon: '-59.50', erp: null, settled: '-59.50', difference: '-59.50', until: null, message: 'refund R-1 has no posted credit note in the ERP (queued)', converted: null, accepted: null, ...over,
});
const recon: Reconciliation = {
  settlementId: '111', currency: 'EUR', unexplained: 0,
  payout: { state: 'matched', deposit: '812.40', groupId: 'G-111', original: '812.40', originalCurrency: 'EUR', converted: '812.40', convertedCurrency: 'EUR' },
  groups: [{ transactionType: 'Order', amountType: 'ItemPrice', lines: 10, matched: 8, unmatched: 2, total: '500.00', unmatchedTotal: '100.00' }],
  variances: [variance(), variance({ key: 'order:028-2222222-2222222:ORDER_NOT_IN_ERP', reason: 'ORDER_NOT_IN_ERP', orderId: '028-2222222-2222222', refundId: null, message: 'not in the ERP' })],
};
const trail: MoneyTrail = {
  orderId: '028-1111111-1111111', currency: 'EUR', inErp: true,
  amazon: { total: '59.50', refunds: [{ refundId: 'R-1', amount: '-59.50', state: 'queued', deferredUntil: null }] },
  erp: { invoiced: '59.50', credited: '0.00' },
  settled: { sales: '59.50', refunds: '-59.50', fees: '-7.50', net: '-7.50', lines: [{ settlementId: '111', lineNo: 1, transactionType: 'Order', adjustmentId: null, amountType: 'ItemPrice', amountDescription: 'Principal', amount: '50.00' }] },
  variances: [variance()],
};

async function signedIn(roles: string[], routes: Parameters<typeof mockFetch>[0] = {}) {
  const mock = mockFetch({
    'GET /api/backends': { body: [backend(1)] },
    'GET /api/backends/1/settlements': { body: { items: [
      settlement('111', { payoutState: 'matched', payout, posting: { state: 'posted', entries: 2, postedAt: '2026-11-18T09:00:00.000Z' } }),
      settlement('222', { currency: 'GBP', state: 'changed', total: '10.00', linesTotal: '12.50', balanced: false, payoutState: 'ambiguous' }),
    ], nextCursor: null } },
    'GET /api/backends/1/settlements/variances': { body: { items: [variance(), variance({ key: 'settlement:111:UNEXPLAINED:total', reason: 'UNEXPLAINED', orderId: null })] } },
    'GET /api/backends/1/settlements/payouts': { body: { items: [{ ...payout, settlementId: '111' }, { ...payout, groupId: 'G-OPEN', processingStatus: 'Open', fundTransferDate: null, fundTransferStatus: null, traceId: null, settlementId: null }], nextCursor: null } },
    'GET /api/backends/1/settlements/111/reconciliation': { body: recon },
    'GET /api/backends/1/settlements/111/posting': { body: { state: 'posted', entries: [{ version: 1, chunkNo: 1, ref: 'AMZ-SET 111 v1 1/1', state: 'posted', moveId: 42, lineCount: 12, clearing: '0.00', reconciled: true }],
      bills: [{ version: 1, ref: 'AMZ-SET 111 v1 fees', state: 'posted', moveId: 43, moveType: 'in_invoice', lineCount: 4, total: '84.20', reconciled: true }], bankLine: null } },
    'GET /api/backends/1/settlements/orders/028-1111111-1111111/money-trail': { body: trail },
    'GET /api/session': { body: { user: { name: 'Eva', roles } } },
    ...routes,
  });
  await loginWithApiToken('token');
  await loadBackends();
  return mock;
}

describe('Settlements screen', () => {
  // A download is an anchor clicked at a blob URL: the test DOM would navigate to it (and lose its base URL).
  beforeEach(() => void vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists the settlements with period, deposit, total and state; the list exports as CSV (quoted)', async () => {
    await signedIn(['viewer']);
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.findAll('section[aria-label="Settlements"] tbody tr')).toHaveLength(2));
    const first = wrapper.find('section[aria-label="Settlements"] tbody tr').text();
    expect(first).toContain('2026-11-01 – 2026-11-15');
    expect(first).toContain('2026-11-18');
    expect(first).toContain('812.40 EUR');
    expect(first).toContain('balanced');
    expect(first).toContain('2026-11-18 · 812.40 EUR · trace TR-42 · acct …789');
    expect(first).toContain('posted (2 entries)');
    expect(first).toContain('2 (1 unexplained)');
    const second = wrapper.findAll('section[aria-label="Settlements"] tbody tr')[1]!.text();
    expect(second).toContain('lines 12.50 ≠ 10.00');
    expect(second).toContain('ambiguous');
    expect(second).toContain('not posted');
    // posting off for this backend: no "Post to ERP", a hint instead
    expect(wrapper.find('[data-post]').exists()).toBe(false);
    expect(wrapper.text()).toContain('settlements.postingEnabled');
    expect(settlementsCsv([settlement('111', { conflictCode: 'A,B', payoutState: 'matched', payout })], new Map([['111', 4]]))).toBe(
      'settlementId,startDate,endDate,depositDate,currency,total,linesTotal,balanced,lineCount,unknownOrderLines,state,conflictCode,' +
      'postingState,postingEntries,postedAt,payoutState,payoutGroupId,fundTransferDate,payoutAmount,traceId,accountTail,openVariances\r\n' +
      '111,2026-11-01T00:00:00.000Z,2026-11-15T00:00:00.000Z,2026-11-18T00:00:00.000Z,EUR,812.40,812.40,true,57,3,new,"A,B",' +
      'not_posted,0,,matched,G-111,2026-11-18T06:00:00.000Z,812.40 EUR,TR-42,789,4\r\n');
    // the payouts below: the matched one with its settlement, the open one without
    await vi.waitFor(() => expect(wrapper.findAll('section[aria-label="Payouts"] tbody tr')).toHaveLength(2));
    const payouts = wrapper.find('section[aria-label="Payouts"]').text();
    expect(payouts).toContain('TR-42');
    expect(payouts).toContain('open');
    const saved: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (void b.text().then((t) => saved.push(t)), 'blob:x'), revokeObjectURL: () => undefined }));
    await wrapper.find('[data-export="settlements"]').trigger('click');
    await vi.waitFor(() => expect(saved[0]).toContain('111,2026-11-01'));
    expect(saved[0]).toContain('posted,2,2026-11-18T09:00:00.000Z,matched,G-111');
    await wrapper.find('[data-export="payouts"]').trigger('click');
    await vi.waitFor(() => expect(saved[1]).toContain('G-111,2026-11-01T00:00:00.000Z,2026-11-15T00:00:00.000Z,Closed,Succeeded,2026-11-18T06:00:00.000Z,812.40 EUR,TR-42,789,111'));
  });

  it('with posting on, an integrator posts a settlement not posted yet; an accountant sees the action disabled', async () => {
    const { calls } = await signedIn(['integrator'], {
      'GET /api/backends': { body: [postingOn] },
      'POST /api/backends/1/settlements/222/post': { status: 202, body: { queued: true } },
    });
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.find('[data-post="222"]').exists()).toBe(true));
    expect(wrapper.find('[data-post="111"]').exists()).toBe(false); // already posted
    await wrapper.find('[data-post="222"]').trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/settlements/222/post'))).toBe(true);
    await vi.waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.url.includes('/settlements?')).length).toBe(2)); // the list read again
    signOut();
    document.body.innerHTML = '';
    await signedIn(['accountant'], { 'GET /api/backends': { body: [postingOn] } });
    const accountant = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(accountant.wrapper.find('[data-post="222"]').exists()).toBe(true));
    expect(accountant.wrapper.find('[data-post="222"]').attributes('disabled')).toBeDefined();
    expect(accountant.wrapper.find('[data-post="222"]').attributes('data-write')).toBe('write');
  });

  it('opens a settlement: groups with matched and unmatched, its variances, an order\'s money trail; CSV asked of the API', async () => {
    const { calls } = await signedIn(['accountant']);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }));
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.find('[data-settlement="111"]').exists()).toBe(true));
    wrapper.find('[data-settlement="111"]').element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(document.body.textContent).toContain('0 unexplained'));
    const drawer = document.body.textContent!;
    expect(drawer).toContain('ItemPrice');
    expect(drawer).toContain('Order not in the ERP');
    expect(drawer).toContain('Refund not credited in the ERP');
    await vi.waitFor(() => expect(document.querySelector('[data-posting-detail]')?.textContent).toContain('AMZ-SET 111 v1 1/1'));
    const bills = document.querySelector('[data-posting-bills]')!.textContent!;
    expect(bills).toContain('AMZ-SET 111 v1 fees');
    expect(bills).toContain('84.20 EUR');
    expect(bills).toContain('paid');
    // posted, no bank line yet: said so (the setting named)
    expect(document.querySelector('[data-bank-line="none"]')?.textContent).toContain('settlements.postingBankLine');
    // the payout leg: matched, in the settlement's currency and equal to the deposit; the date from the list's row
    const leg = document.querySelector('[data-payout-leg]')!;
    expect(leg.querySelector('[data-payout-state="matched"]')).not.toBeNull();
    expect(leg.querySelector('[data-payout-group]')!.textContent).toBe('G-111');
    expect(leg.querySelector('[data-payout-date]')!.textContent).toBe('2026-11-18');
    expect(leg.querySelector('[data-payout-original]')!.textContent).toBe('812.40 EUR');
    expect(leg.querySelector('[data-payout-converted]')).toBeNull();
    expect(leg.querySelector('[data-payout-agrees]')).not.toBeNull();
    (document.querySelector('[data-export="reconciliation"]') as HTMLElement).click();
    await vi.waitFor(() => expect(calls.some((c) => c.url.includes('/settlements/111/reconciliation?format=csv'))).toBe(true));
    expect(calls.find((c) => c.url.includes('format=csv'))!.headers.get('authorization')).toBe('Bearer token');
    // (dispatched: the anchors' click() is stubbed for the downloads)
    document.querySelector('.n-drawer [data-order="028-1111111-1111111"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(document.querySelector('[data-net]')?.textContent).toBe('-7.50'));
    expect(document.body.textContent).toContain('Amazon refund R-1');
  });

  it('a payout converted by Amazon: both amounts and the rate, its variances by reason; the bank line\'s exchange loss beside it', async () => {
    const gbp = { ...payout, groupId: 'G-222', fundTransferDate: '2026-11-19T06:00:00.000Z', originalTotal: { amount: '9.50', currency: 'GBP' }, convertedTotal: { amount: '11.04', currency: 'EUR' } };
    const payoutVariance = (reason: Variance['reason'], over: Partial<Variance>) => variance({ key: `settlement:222:${reason}:payout`, reason, orderId: null, settlementId: '222', refundId: null, currency: 'GBP', ...over });
    await signedIn(['accountant'], {
      'GET /api/backends/1/settlements': { body: { items: [settlement('222', { currency: 'GBP', total: '10.00', linesTotal: '10.00', payoutState: 'matched', payout: gbp,
        posting: { state: 'posted', entries: 1, postedAt: '2026-11-19T09:00:00.000Z' } })], nextCursor: null } },
      'GET /api/backends/1/settlements/222/reconciliation': { body: { ...recon, settlementId: '222', currency: 'GBP',
        payout: { state: 'matched', deposit: '10.00', groupId: 'G-222', original: '9.50', originalCurrency: 'GBP', converted: '11.04', convertedCurrency: 'EUR' },
        variances: [
          payoutVariance('AMOUNT_DIFFERS', { amazon: '10.00', erp: null, settled: '9.50', difference: '-0.50', message: 'Amazon transferred 950 (payout G-222), the settlement\'s deposit is 1000' }),
          payoutVariance('CURRENCY_CONVERSION', { amazon: '10.00', erp: null, settled: '9.50', difference: '0.00', message: 'paid out in EUR at 1.162105 (payout G-222)',
            converted: { amount: '11.04', currency: 'EUR', rate: '1.162105' } }),
          variance(),
        ] } as Reconciliation },
      'GET /api/backends/1/settlements/222/posting': { body: { state: 'posted', entries: [],
        bills: [{ version: 1, ref: 'AMZ-SET 222 v1 fees', state: 'posted', moveId: 51, moveType: 'in_refund', lineCount: 2, total: '3.10', reconciled: false }],
        bankLine: { ref: 'AMZ-SET 222 payout TR-42', state: 'reconciled', statementLineId: 9, exchange: { moveId: 77, amount: '-0.14', currency: 'EUR' } } } },
    });
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.find('[data-settlement="222"]').exists()).toBe(true));
    wrapper.find('[data-settlement="222"]').element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(document.querySelector('[data-payout-leg]')).not.toBeNull());
    const leg = document.querySelector('[data-payout-leg]')!;
    expect(leg.querySelector('[data-payout-group]')!.textContent).toBe('G-222');
    expect(leg.querySelector('[data-payout-date]')!.textContent).toBe('2026-11-19');
    expect(leg.textContent).toContain('10.00 GBP'); // the deposit
    expect(leg.querySelector('[data-payout-original]')!.textContent).toBe('9.50 GBP');
    expect(leg.querySelector('[data-payout-converted]')!.textContent).toBe('11.04 EUR');
    expect(leg.querySelector('[data-payout-rate]')!.textContent!.trim()).toBe('at 1 GBP = 1.162105 EUR');
    // only the leg's own variances, under the screen's reason labels; a difference shown when there is one
    expect([...leg.querySelectorAll('[data-payout-variance]')].map((e) => e.getAttribute('data-payout-variance'))).toEqual(['AMOUNT_DIFFERS', 'CURRENCY_CONVERSION']);
    expect(leg.querySelector('[data-payout-variance="AMOUNT_DIFFERS"]')!.textContent).toContain('Amount differs');
    expect(leg.querySelector('[data-payout-variance="AMOUNT_DIFFERS"]')!.textContent).toContain('difference -0.50 GBP');
    expect(leg.querySelector('[data-payout-variance="CURRENCY_CONVERSION"]')!.textContent).toContain('Currency conversion');
    expect(leg.querySelector('[data-payout-variance="CURRENCY_CONVERSION"]')!.textContent).not.toContain('difference');
    // the drawer's variance table says what reached the bank
    expect(document.querySelector('.n-drawer')!.textContent).toContain('paid out in EUR at 1.162105 (payout G-222); 11.04 EUR reached the bank');
    // the posting: the bank line reconciled, its exchange difference a loss in the company's currency, with its entry
    await vi.waitFor(() => expect(document.querySelector('[data-bank-line="reconciled"]')).not.toBeNull());
    const line = document.querySelector('[data-bank-line="reconciled"]')!.textContent!;
    expect(line).toContain('AMZ-SET 222 payout TR-42');
    expect(line).toContain('statement line 9');
    expect(document.querySelector('[data-exchange]')!.getAttribute('data-exchange-kind')).toBe('loss');
    expect(document.querySelector('[data-exchange]')!.textContent).toContain('loss 0.14 EUR (entry 77)');
    // a fee credit note not yet matched
    const bills = document.querySelector('[data-posting-bills]')!.textContent!;
    expect(bills).toContain('credit note');
    expect(bills).toContain('3.10 GBP');
    expect(bills).toContain('not yet');
  });

  it('a payout not matched is flagged with its reason; an exchange gain reads as a gain', async () => {
    await signedIn(['viewer'], {
      'GET /api/backends/1/settlements/111/reconciliation': { body: { ...recon,
        payout: { state: 'ambiguous', deposit: '812.40', groupId: null, original: null, originalCurrency: null, converted: null, convertedCurrency: null },
        variances: [variance({ key: 'settlement:111:PAYOUT_NOT_MATCHED:payout', reason: 'PAYOUT_NOT_MATCHED', orderId: null, refundId: null, amazon: '812.40', settled: null, difference: '812.40',
          message: 'more than one of Amazon\'s payouts (Finances event groups) fits this settlement: none is taken' })] } as Reconciliation },
      'GET /api/backends/1/settlements/111/posting': { body: { state: 'posted', entries: [], bills: [],
        bankLine: { ref: 'AMZ-SET 111 payout TR-42', state: 'reconciled', statementLineId: 8, exchange: { moveId: 78, amount: '2.05', currency: 'EUR' } } } },
    });
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.find('[data-settlement="111"]').exists()).toBe(true));
    wrapper.find('[data-settlement="111"]').element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(document.querySelector('[data-payout-leg]')).not.toBeNull());
    const leg = document.querySelector('[data-payout-leg]')!;
    expect(leg.querySelector('[data-payout-state="ambiguous"]')!.textContent).toContain('more than one payout fits');
    expect(leg.querySelector('[data-payout-group]')!.textContent).toBe('—');
    expect(leg.querySelector('[data-payout-date]')!.textContent).toBe('—'); // the list's G-111 is not this leg's payout
    expect(leg.querySelector('[data-payout-variance="PAYOUT_NOT_MATCHED"]')!.textContent).toContain('Payout not matched');
    expect(leg.querySelector('[data-payout-variance="PAYOUT_NOT_MATCHED"]')!.textContent).toContain('difference 812.40 EUR');
    await vi.waitFor(() => expect(document.querySelector('[data-exchange]')).not.toBeNull());
    expect(document.querySelector('[data-exchange]')!.getAttribute('data-exchange-kind')).toBe('gain');
    expect(document.querySelector('[data-exchange]')!.textContent).toContain('gain 2.05 EUR (entry 78)');
  });

  it('an accountant accepts a variance with a note; a viewer sees the button disabled', async () => {
    const accepted = { ...variance(), accepted: { note: 'credited by hand', by: 'Eva', at: '2026-12-03T10:00:00.000Z' } };
    const { calls } = await signedIn(['accountant'], { 'POST /api/backends/1/settlements/variances/refund%3AR-1%3AREFUND_NOT_CREDITED/accept': { body: accepted } });
    const { wrapper } = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(wrapper.find('section[aria-label="Variances"] [data-accept]').exists()).toBe(true));
    await wrapper.find('section[aria-label="Variances"] [data-accept]').trigger('click');
    await wrapper.find('input[aria-label="Note for accepting"]').setValue('credited by hand');
    await wrapper.find('[data-confirm-accept]').trigger('click');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(await post.json()).toEqual({ note: 'credited by hand' });
    signOut();
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
    await signedIn(['viewer']);
    const viewer = await mountScreen(SettlementsScreen, { path: '/settlements' });
    await vi.waitFor(() => expect(viewer.wrapper.find('section[aria-label="Variances"] [data-accept]').exists()).toBe(true));
    expect(viewer.wrapper.find('section[aria-label="Variances"] [data-accept]').attributes('disabled')).toBeDefined();
  });
});
