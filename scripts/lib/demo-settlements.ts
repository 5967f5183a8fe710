/**
 * Settlements in the demo (issue 16): the settlements flow switched on for backend 1 through the API as a seller
 * would (`goLive.settlements.enabled`), its sweep every 2 minutes (`settlements.sweepMinutes`) instead of hourly.
 * Amazon settles every 14 days of Amazon time (the sandbox's `timeScale` shortens it, still over a day at 10), so
 * three minutes in the demo closes the EU seller's current period through the sandbox's admin API
 * (`POST /_sandbox/settlements/:sellerId/close`): its settlement report and payout (event group) appear at once, the
 * next sweep stores the settlement and matches its payout, and the demo prints both a few minutes later.
 */
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { AMAZON_URL, connectorApi, log } from './demo-context.ts';

const CLOSE_AFTER_MS = 180_000;
/** A sweep every 2 minutes: the next one after the close plus a margin. */
const SHOW_AFTER_MS = 180_000;

/** Switches settlements on for backend 1; prints what to curl. */
export async function switchSettlementsOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { settlements: { enabled: true } }, settlements: { sweepMinutes: 2 } } });
  if (!res.ok) {
    log(`settlements not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('settlements: switched on (goLive.settlements.enabled, a sweep every 2 minutes): settlement reports stored with their lines, payouts matched');
  log('  settlements:            curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/settlements');
  log('  payouts:                curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/settlements/payouts');
  setTimeout(() => void closePeriod(token), CLOSE_AFTER_MS).unref();
  return true;
}

/** The sandbox closes the EU seller's settlement period now; a few minutes later the stored settlement is printed. */
async function closePeriod(token: string): Promise<void> {
  const sellerId = DEFAULT_SELLERS[0]!.sellerId;
  try {
    const res = await fetch(`${AMAZON_URL}/_sandbox/settlements/${sellerId}/close`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = (await res.json()) as { settlements?: { settlementId: string; currency: string; totalMinor: number }[] };
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const made = body.settlements ?? [];
    log(`settlements: the Amazon sandbox closed ${sellerId}'s period early: ${made.map((s) => `${s.settlementId} (${s.currency})`).join(', ') || 'nothing was sold in it'}`);
    if (made.length) setTimeout(() => void showSettlements(token), SHOW_AFTER_MS).unref();
  } catch (e) {
    log(`settlements: period not closed: ${(e as Error).message}`);
  }
}

async function showSettlements(token: string): Promise<void> {
  try {
    const res = await connectorApi(token, 'GET', '/api/backends/1/settlements?limit=5');
    const page = (await res.json()) as { items?: { settlementId: string; currency: string; total: string; lineCount: number; balanced: boolean; payoutState: string; payout: { traceId: string | null } | null }[] };
    for (const s of page.items ?? []) {
      log(`settlement ${s.settlementId}: ${s.total} ${s.currency}, ${s.lineCount} lines, ${s.balanced ? 'balanced' : 'UNBALANCED'}, payout ${s.payoutState}${s.payout?.traceId ? ` (trace id ${s.payout.traceId})` : ''}`);
    }
    if (!page.items?.length) log('settlements: none stored yet (the sweep runs every 2 minutes)');
  } catch (e) {
    log(`settlements: ${(e as Error).message}`);
  }
}
