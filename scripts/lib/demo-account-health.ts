/**
 * Account health in the demo (issue 15): the account-health flow switched on for backend 1 through the API as a
 * seller would (`goLive.account-health.enabled`), reading Amazon's seller performance report every 5 minutes
 * instead of daily (the sandbox makes it from what its world did: late confirmations, tracking numbers no carrier
 * issued, seller cancellations, claims and chargebacks), alerts as ERP activities for the ERP's admin user. The
 * panel's "Account health" screen fills as the reads come in.
 */
import { CONNECTOR_URL, connectorApi, log } from './demo-context.ts';

/** Switches account-health on for backend 1; prints where to look. */
export async function switchAccountHealthOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', {
    settings: { goLive: { 'account-health': { enabled: true } }, accountHealth: { readEveryMinutes: 5, warnMargin: 0.25, activityUser: 'admin' } },
  });
  if (!res.ok) {
    log(`account-health not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('account-health: switched on (goLive.account-health.enabled): the seller performance report read every 5 minutes, alerts as ERP activities for admin');
  log(`  the health screen:      ${CONNECTOR_URL}/admin/health`);
  log(`  rates over time:        curl -s -H "Authorization: Bearer $(cat .data/admin-token)" ${CONNECTOR_URL}/api/backends/1/account-health/history`);
  log(`  leading indicators:     curl -s -H "Authorization: Bearer $(cat .data/admin-token)" ${CONNECTOR_URL}/api/backends/1/account-health/indicators`);
  return true;
}
