/**
 * Settlements in the demo (issue 16, first slice): the settlements flow switched on for backend 1 through the API as
 * a seller would (`goLive.settlements.enabled`). Its hourly sweep lists the settlement reports the Amazon sandbox
 * makes every 14 days of Amazon time per currency (divided by the sandbox's `timeScale`) and stores each settlement
 * and its lines once; nothing is posted to the ERP yet.
 */
import { connectorApi, log } from './demo-context.ts';

/** Switches settlements on for backend 1; prints what to curl. */
export async function switchSettlementsOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { settlements: { enabled: true } } } });
  if (!res.ok) {
    log(`settlements not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('settlements: switched on (goLive.settlements.enabled): Amazon settlement reports stored with their lines (hourly sweep; the sandbox settles every 14 days)');
  log('  settlements:            curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/settlements');
  return true;
}
