/**
 * Buy Shipping labels in the demo (issue 15): the labels flow switched on for backend 1 through the API as a seller
 * would (`goLive.labels.enabled`), with the demo warehouse's ship-from address and `autoBuy`: each delivery of a
 * merchant-fulfilled Amazon order that becomes ready gets its label from the Amazon sandbox (cheapest rate within
 * the order's windows), attached to the delivery as PDF and ZPL with the tracking number; the warehouse worker
 * (demo-warehouse.ts) then ships with that tracking, and the shipments flow sends no confirmation for it.
 */
import { connectorApi, log } from './demo-context.ts';

export const DEMO_SHIP_FROM = { name: 'AEC Demo Lager', addressLine1: 'Lagerstrasse 7', city: 'Hamburg', stateOrRegion: 'HH', postalCode: '20457', countryCode: 'DE' };

/** Switches labels on for backend 1; prints what to curl. */
export async function switchLabelsOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { labels: { enabled: true } }, labels: { shipFrom: DEMO_SHIP_FROM, autoBuy: true, zpl: true } } });
  if (!res.ok) {
    log(`labels not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('labels: switched on (goLive.labels.enabled, labels.autoBuy): ready deliveries get a Buy Shipping label (PDF + ZPL attached, tracking written)');
  log('  labels of an order on Amazon: curl http://127.0.0.1:4010/_sandbox/orders/<amazonOrderId>/labels');
  log(`  a morning batch:             curl -X POST -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' -d '{"pickingIds":[1,2,3]}' http://127.0.0.1:3000/api/backends/1/labels/batches`);
  return true;
}
