/**
 * Customer care in the demo (issue 15): the care flow switched on for backend 1 through the API as a seller would
 * (`goLive.care.enabled`, a sweep every 2 minutes). Buyers' cancel requests the cancellations flow noted, merchant
 * returns, chargebacks and A-to-z claims the refunds flow credited, and orders near their latest ship time become
 * ERP activities (To-Do) on the sales order; marking one done in the ERP marks it done in the connector.
 */
import { connectorApi, log } from './demo-context.ts';

/** Switches care on for backend 1; prints what to curl. */
export async function switchCareOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { care: { enabled: true } }, care: { sweepMinutes: 2 } } });
  if (!res.ok) {
    log(`care not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('care: switched on (goLive.care.enabled, care.sweepMinutes 2): buyer cancel and return requests, chargebacks, A-to-z claims and late shipments as ERP activities on the sales order');
  log('  open care activities:  curl -s -H "Authorization: Bearer $(cat .data/admin-token)" "http://127.0.0.1:3000/api/backends/1/care/activities?state=open"');
  return true;
}
