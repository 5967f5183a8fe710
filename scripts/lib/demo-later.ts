/**
 * What the demo prints some minutes in: the odd orders' outcome (demo-odd-orders.ts) and the summary of what the
 * flows did (demo-summary.ts), with the curl lines to look closer.
 */
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { addOddOrders, oddOrderHints, oddOrderOutcomes } from '../demo-odd-orders.ts';
import { cancellationSummary, refundSummary, shippingSummary } from '../demo-summary.ts';
import type { DemoRefund } from './demo-refunds.ts';
import { AMAZON_URL, ERP_URL, FBA_PRODUCT, log } from './demo-context.ts';

/** Issue 9's odd orders: added now, their outcome printed once a sweep has seen them. */
export async function showOddOrders(token: string): Promise<void> {
  try {
    const odd = await addOddOrders(AMAZON_URL, DEFAULT_SELLERS[0]!.sellerId);
    log('odd orders added to the Amazon sandbox (the sweep sees them in ~2 minutes):');
    for (const o of odd) log(`  ${o.orderId}: ${o.what} -> ${o.expect}`);
    for (const line of oddOrderHints(odd)) log(line);
    setTimeout(() => {
      void oddOrderOutcomes(odd, token).then((lines) => {
        log('the odd orders now:');
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`odd orders: ${(e as Error).message}`));
    }, 180_000).unref();
  } catch (e) {
    log(`odd orders not added: ${(e as Error).message}`);
  }
}

/**
 * Three minutes after `npm start`: what the shipments, fba and invoices flows did, with the curl lines to look
 * closer; and again two minutes later, when more has shipped.
 */
/** Issue 11's figures, read when the summary is printed (absent parts: that part did not start). */
export interface LaterFigures {
  notifiedLatencies(): number[];
  deskCancelled(): number;
  amazonSide(): { cancel: number; request: number };
  /** The demo's refunds (lib/demo-refunds.ts); absent: the refunds flow is not on. */
  refunds?(): DemoRefund[];
}

export function showSummaryLater(token: string, erpApiKey: string, more?: LaterFigures): void {
  log(`  invoices: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/invoices`);
  log(`  ship-by risk: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/shipments/at-risk`);
  const show = (label: string) =>
    void shippingSummary({ token, erpUrl: ERP_URL, erpApiKey, productCode: FBA_PRODUCT })
      .then((lines) => {
        log(`shipping, ${label}:`);
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`shipping summary: ${(e as Error).message}`))
      .then(() => more && cancellationSummary({ token, notifiedLatencies: more.notifiedLatencies(), deskCancelled: more.deskCancelled(), amazonSide: more.amazonSide() }))
      .then((lines) => {
        if (!lines) return;
        log(`notifications and cancellations, ${label}:`);
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`cancellations summary: ${(e as Error).message}`))
      .then(() => more?.refunds && refundSummary({ token, erpUrl: ERP_URL, erpApiKey, refunds: more.refunds() }))
      .then((lines) => {
        if (!lines) return;
        log(`refunds, ${label}:`);
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`refunds summary: ${(e as Error).message}`));
  const threeMinutes = Math.max(10_000, 175_000 - process.uptime() * 1000);
  setTimeout(() => show('three minutes in'), threeMinutes).unref();
  setTimeout(() => show('five minutes in'), threeMinutes + 120_000).unref();
  // The demo's refunds are credited about three minutes after the first invoices (lib/demo-refunds.ts).
  if (more?.refunds) setTimeout(() => show('eight minutes in'), threeMinutes + 300_000).unref();
}
