/**
 * Flows that are off by default, switched on for the demo backend through the connector's API as a seller would
 * (`PATCH /api/backends/1` with `goLive.<flow>.enabled`), each followed by the set-up, as after any flow switched
 * on: it makes (with consent) what the flow needs in the ERP.
 */
import { startWarehouseWorker } from '../demo-warehouse.ts';
import { startCancelDesk, type CancelDesk } from '../demo-cancel.ts';
import { describePools, waitForSeededPools } from '../demo-summary.ts';
import { connectorApi, ERP_URL, erpApiKey, FBA_PRODUCT, log } from './demo-context.ts';
import { startBuyerReturns } from './demo-returns.ts';

const goLive = (token: string, flow: string) => connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { [flow]: { enabled: true } } } });
const setUp = (token: string) => connectorApi(token, 'POST', '/api/backends/1/setup', { createMissing: true });

/**
 * The fba flow, once the FBA listing's `sku_map` row exists: the set-up it is run with then makes the pools'
 * warehouses and queues their one-time seed, which counts that listing's units (switched on at boot, the seed ran
 * before the row and left them out for good).
 */
export async function switchFbaOn(token: string): Promise<void> {
  const on = await goLive(token, 'fba');
  if (!on.ok) return log(`fba not switched on: HTTP ${on.status}`);
  const setup = await setUp(token);
  if (!setup.ok) return log(`fba set-up: HTTP ${setup.status}`);
  log('fba: switched on (goLive.fba.enabled) and set up: pool warehouses "Amazon FBA EU"/"Amazon FBA UK", seeded once from Amazon');
  // In the background: the warehouse worker starts meanwhile.
  void waitForSeededPools(ERP_URL, erpApiKey(), FBA_PRODUCT).then((s) => {
    log(`fba: pool stock: ${s ? describePools(s, FBA_PRODUCT) : 'not seeded after 90 s (see the fba flow in GET /api/backends/1)'}`);
  });
}

/**
 * Shipments, and a simulated warehouse worker (demo-warehouse.ts) that validates the imported orders' deliveries in
 * the ERP with a carrier and a tracking number (a few partial, a few mistyped): the connector confirms each to
 * Amazon within seconds.
 */
export async function startShipping(token: string, apiKey: string, isHeld?: (saleOrderId: number) => boolean): Promise<void> {
  const res = await goLive(token, 'shipments');
  if (!res.ok) return log(`shipments not switched on: HTTP ${res.status}`);
  // The set-up checks (with consent, installs) the ERP modules the flow needs, base_automation for the change
  // feed's webhook rules on stock.picking (without it the poll cannot start).
  const setup = await setUp(token);
  if (!setup.ok) log(`shipments set-up: HTTP ${setup.status}`);
  log('shipments: switched on (goLive.shipments.enabled) and set up; a warehouse worker ships the imported orders from the ERP');
  log(`  shipments of an order on Amazon: curl http://127.0.0.1:4010/_sandbox/orders/<amazonOrderId>/shipments`);
  log(`  conflicts (TRACKING_INVALID...): curl -H "Authorization: Bearer $(cat .data/admin-token)" 'http://127.0.0.1:3000/api/conflicts?backendId=1&status=open'`);
  // Packed 40 s after the order reached the ERP (a packing wave): the window in which a cancellation can still come.
  const stop = startWarehouseWorker({ url: ERP_URL, database: 'demo', apiKey, log, minAgeSeconds: 40, ...(isHeld ? { isHeld } : {}) });
  process.once('exit', stop);
}

/**
 * Cancellations both ways: Amazon's and the buyers' reach the ERP orders; the ERP's (the cancel desk, demo-cancel.ts,
 * cancelling every ninth open order as a person would) go to Amazon as seller cancellations in an order
 * acknowledgement feed, whose processing report is read back. Returns the desk (the warehouse leaves its orders).
 */
export async function startCancellations(token: string, apiKey: string): Promise<CancelDesk | undefined> {
  const on = await goLive(token, 'cancellations');
  if (!on.ok) {
    log(`cancellations not switched on: HTTP ${on.status}`);
    return undefined;
  }
  const setup = await setUp(token);
  if (!setup.ok) log(`cancellations set-up: HTTP ${setup.status}`);
  log('cancellations: switched on (goLive.cancellations.enabled); Amazon cancels and buyers ask to cancel now and then; a cancel desk cancels every ninth ERP order');
  const desk = startCancelDesk({ url: ERP_URL, database: 'demo', apiKey, log });
  process.once('exit', () => desk.stop());
  return desk;
}

/** VAT invoices: each invoice posted in the ERP is uploaded to Amazon (UPLOAD_VAT_INVOICE, one PDF per feed). */
export async function switchVatUploadOn(token: string): Promise<void> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { invoices: { uploadVatInvoices: true } } });
  if (!res.ok) return log(`VAT invoice upload not switched on: HTTP ${res.status}`);
  log('invoices: uploadVatInvoices on: each posted invoice\'s PDF goes to Amazon in an UPLOAD_VAT_INVOICE feed');
  log(`  uploaded invoices of an order on Amazon: curl -s http://127.0.0.1:4010/_sandbox/orders/<amazonOrderId>/invoices | jq '.invoices[] | {invoiceNumber,totalAmount,pdfBytes}'`);
}

/**
 * Merchant returns (sync/returns): switched on with a sweep every 5 minutes (the first within a minute; the sandbox
 * makes a report in 12 s at its time scale), and buyers returning shipped orders now and then (demo-returns.ts), so
 * return pickings show waiting in the ERP's Receipts within a few minutes. A return whose order is not imported or
 * not delivered yet is a conflict the next sweep tries again.
 */
export async function switchReturnsOn(token: string): Promise<void> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { returns: { enabled: true } }, returns: { sweepMinutes: 5 } } });
  if (!res.ok) return log(`returns not switched on: HTTP ${res.status}`);
  log('returns: switched on (goLive.returns.enabled, returns.sweepMinutes 5): Amazon\'s merchant returns report becomes ERP return pickings ("... · Amazon RMA ...", waiting in Receipts)');
  log(`  where each return stands: curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1 | jq .sync.flows.returns`);
  const buyers = startBuyerReturns({ token });
  process.once('exit', () => buyers.stop());
}
