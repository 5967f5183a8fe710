/**
 * `npm start`: the demo, or the connector alone against real accounts.
 *
 * Demo (no AMAZON_REFRESH_TOKEN in the environment): PostgreSQL (embedded in .data/ unless DATABASE_URL is set),
 * the Amazon sandbox (127.0.0.1:4010, generating orders), the ERP sandbox (127.0.0.1:8069, Odoo 19), and the
 * connector (API on 127.0.0.1:3000 + worker), configured exactly as it would be for real accounts: LWA
 * credentials, a refresh token and an Odoo URL with an API key; only AMAZON_ENDPOINT_OVERRIDE points the SP-API
 * traffic at the sandbox. Real mode (AMAZON_* and ODOO_* set, see the README): only the connector starts.
 * Ctrl-C stops everything. The parts are in lib/demo-*.ts.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateKeyFile } from '../connector/src/config/key-file.ts';
import { startConnector, waitForHttp, type Child } from './lib/processes.ts';
import { mapDemoFbaListings } from './lib/demo-fba-listing.ts';
import { CONNECTOR_URL, data, ensureDataDir, ERP_URL, erpApiKey, fileSecret, log, realMode } from './lib/demo-context.ts';
import { database, stopDatabase } from './lib/demo-database.ts';
import { startSandboxes } from './lib/demo-sandboxes.ts';
import { showSetup } from './lib/demo-setup-report.ts';
import { showHints } from './lib/demo-hints.ts';
import { startCancellations, startShipping, switchFbaOn, switchReturnsOn, switchVatUploadOn } from './lib/demo-flows.ts';
import { switchFbaReturnsOn } from './lib/demo-fba-returns.ts';
import { switchCareOn } from './lib/demo-care.ts';
import { switchLabelsOn } from './lib/demo-labels.ts';
import { switchReviewRequestsOn } from './lib/demo-review-requests.ts';
import { switchAccountHealthOn } from './lib/demo-account-health.ts';
import { switchSettlementsOn } from './lib/demo-settlements.ts';
import { showOddOrders, showSummaryLater } from './lib/demo-later.ts';
import { connectNotifications, watchNotifiedOrders } from './lib/demo-notifications.ts';
import { startAmazonSide } from './lib/demo-amazon-side.ts';
import { configureDemoCarriers } from './lib/demo-carriers.ts';
import { measureReceipt, switchStockOn } from './lib/demo-stock.ts';
import { refundSomeInvoicedOrders, switchRefundsOn } from './lib/demo-refunds.ts';

ensureDataDir();
const children: Child[] = [];

let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  for (const c of children.reverse()) await c.stop();
  await stopDatabase();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

const adminToken = process.env.CONNECTOR_ADMIN_TOKEN ?? fileSecret('admin-token', () => randomBytes(24).toString('base64url'));

try {
  const connectorEnv: Record<string, string> = {
    DATABASE_URL: await database('aec_connector'),
    CONNECTOR_SECRET_KEY: process.env.CONNECTOR_SECRET_KEY ?? loadOrCreateKeyFile(join(data, 'secret.key')),
    CONNECTOR_ADMIN_TOKEN: adminToken,
  };
  if (!realMode) Object.assign(connectorEnv, (await startSandboxes((c) => children.push(c))).connectorEnv);
  // The same settings for the CLI: `node --env-file=.data/connector.env --import tsx connector/src/cli/main.ts status`.
  writeFileSync(
    join(data, 'connector.env'),
    // Single quotes: the env-file reader takes them literally (BACKEND_SETTINGS is JSON with double quotes).
    Object.entries({ ...connectorEnv, LOG_LEVEL: 'warn' }).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n',
    { mode: 0o600 },
  );
  const connector = startConnector('connector', connectorEnv);
  children.push(connector);
  await waitForHttp(`${CONNECTOR_URL}/health`, connector, 120_000);
  log('ready');
  // The carrier map first, so that most new orders reach the ERP with their carrier (lib/demo-carriers.ts).
  if (!realMode) await configureDemoCarriers(adminToken, connectorEnv.ODOO_API_KEY!).catch((e: unknown) => log(`carriers: not mapped: ${(e as Error).message}`));
  await showSetup(adminToken);
  if (!realMode) {
    // The FBA listing's SKU row (lib/demo-fba-listing.ts): FBA orders import and their pool's stock moves.
    const rows = await mapDemoFbaListings(connectorEnv.DATABASE_URL!, ERP_URL, erpApiKey(), adminToken)
      .catch((e: unknown) => log(`FBA listing not mapped: ${(e as Error).message}`));
    if (rows) log(`  FBA listing MUG-CER-BLUE-FBA mapped to its ERP product (sku_map): FBA orders import, stock leaves "Amazon FBA EU"/"Amazon FBA UK"`);
    await switchFbaOn(adminToken);
  }
  showHints();
  if (!realMode) {
    await showOddOrders(adminToken);
    // Issue 11: orders through notifications, cancellations both ways, VAT invoices uploaded (lib/demo-notifications.ts,
    // lib/demo-flows.ts, lib/demo-amazon-side.ts).
    const notified = (await connectNotifications(adminToken)) ? watchNotifiedOrders(adminToken) : undefined;
    const desk = await startCancellations(adminToken, connectorEnv.ODOO_API_KEY!);
    await switchVatUploadOn(adminToken);
    // Issue 15: Buy Shipping labels for the warehouse's deliveries, before it starts packing (lib/demo-labels.ts).
    await switchLabelsOn(adminToken);
    await startShipping(adminToken, connectorEnv.ODOO_API_KEY!, desk?.isHeld);
    // Issue 14: merchant returns as ERP return pickings (lib/demo-flows.ts).
    await switchReturnsOn(adminToken);
    // Issue 13: ERP stock -> Amazon merchant quantities, Amazon's FBA pools -> ERP; a receipt timed (lib/demo-stock.ts).
    if (await switchStockOn(adminToken)) void measureReceipt(connectorEnv.DATABASE_URL!, connectorEnv.ODOO_API_KEY!).catch((e: unknown) => log(`stock: receipt not measured: ${(e as Error).message}`));
    // Issue 14: Amazon refunds -> posted ERP credit notes, a few invoiced orders refunded on Amazon (lib/demo-refunds.ts).
    const refunds = (await switchRefundsOn(adminToken)) ? refundSomeInvoicedOrders(adminToken) : undefined;
    // Issue 14: FBA customer returns back into the pools, reimbursements, claim candidates (lib/demo-fba-returns.ts).
    await switchFbaReturnsOn(adminToken);
    // Issue 15: buyer events that need a person as ERP activities on the sales order (lib/demo-care.ts).
    await switchCareOn(adminToken);
    // Issue 15: Amazon review requests for delivered orders, buyer messages from the order drawer (lib/demo-review-requests.ts).
    await switchReviewRequestsOn(adminToken);
    // Issue 15: Amazon's account health rates as history, leading indicators, alerts (lib/demo-account-health.ts).
    await switchAccountHealthOn(adminToken);
    // Issue 16: Amazon settlements and payouts stored and matched; a period closed early in the sandbox (lib/demo-settlements.ts).
    await switchSettlementsOn(adminToken);
    const amazonSide = startAmazonSide({ token: adminToken, erpApiKey: connectorEnv.ODOO_API_KEY! });
    showSummaryLater(adminToken, connectorEnv.ODOO_API_KEY!, {
      notifiedLatencies: () => notified?.latencies() ?? [],
      deskCancelled: () => desk?.cancelled().length ?? 0,
      amazonSide: () => ({ cancel: amazonSide.done().filter((d) => d.what === 'cancel').length, request: amazonSide.done().filter((d) => d.what === 'request').length }),
      ...(refunds ? { refunds: refunds.refunds } : {}),
    });
  }
  void connector.exited.then((code) => {
    log(`connector exited (${code})`);
    void shutdown(1);
  });
} catch (e) {
  // What went wrong and what to do (embedded-pg.ts's errors say it), never a stack trace.
  console.error(`[demo] ${(e as Error).message}`);
  await shutdown(1);
}
