/**
 * The sweep's manners toward notified reads. Amazon allows `listTransactions` 0.5 requests/s per seller (burst 10),
 * and a 15-minute sweep re-reads 48 hours: on a seller of ~10,000 transactions a day that is some 40 pages, which
 * alone spend the whole rate for over a minute. The quota gate serves reservations first come, first served, so a
 * refund notified meanwhile would wait behind every other page. Before each page after the first, the sweep
 * therefore waits until the bucket holds a few tokens more than it takes: the notified reads (a few seconds' window
 * each) find a token at once, and the sweep, which is only the safety net, goes at what is left.
 */
import { abortableSleep } from '../../core/abort.ts';

/** Tokens the sweep leaves in the bucket for notified reads. */
export const NOTIFIED_RESERVE = 2;
/** Amazon's documented rate for `listTransactions` (tokens per second), to size one wait. */
const RATE_PER_S = 0.5;
/** The longest a page waits for the reserve: the sweep must still end if notifications never stop. */
export const MAX_RESERVE_WAIT_MS = 60_000;

export interface TokenSource {
  tokensLeft(): Promise<number>;
}

/** Waits until `source` holds more than the reserve, or the wait's cap. Resolves at once when the gate cannot tell. */
export async function keepNotifiedReserve(source: TokenSource, signal?: AbortSignal, sleep = abortableSleep, now = Date.now): Promise<void> {
  const end = now() + MAX_RESERVE_WAIT_MS;
  for (;;) {
    const tokens = await source.tokensLeft();
    // One token for this page on top of the reserve.
    const short = NOTIFIED_RESERVE + 1 - tokens;
    if (!Number.isFinite(tokens) || short <= 0) return;
    const left = end - now();
    if (left <= 0) return;
    await sleep(Math.min(left, Math.ceil((short / RATE_PER_S) * 1000)), signal);
  }
}
