/**
 * FBA returns in the demo (issue 14): the fba-returns flow switched on for backend 1 through the API as a seller
 * would (`goLive.fba-returns.enabled`). Its hourly sweep asks the Reports core for the customer returns and
 * reimbursements reports; the Amazon sandbox's world returns a share of the shipped FBA orders with a disposition,
 * and each returned unit goes back into its pool's Stock or Unsellable location in the ERP.
 */
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { AMAZON_URL, connectorApi, log } from './demo-context.ts';

const SELLER = DEFAULT_SELLERS[0]!.sellerId;

/** Switches fba-returns on for backend 1 (claim candidates after 14 days); prints what to curl. */
export async function switchFbaReturnsOn(token: string): Promise<boolean> {
  const res = await connectorApi(token, 'PATCH', '/api/backends/1', { settings: { goLive: { 'fba-returns': { enabled: true } }, fbaReturns: { claimAfterDays: 14 } } });
  if (!res.ok) {
    log(`fba-returns not switched on: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log('fba-returns: switched on (goLive.fba-returns.enabled): FBA customer returns back into "Amazon FBA EU"/"UK" Stock or Unsellable by disposition (hourly sweep)');
  log(`  Amazon's FBA returns:   curl -s ${AMAZON_URL}/_sandbox/returns/${SELLER} | jq '.returns | map(select(.fulfilledBy == "AMAZON"))'`);
  log(`  claim candidates:       curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/fba-returns/claim-candidates`);
  return true;
}
