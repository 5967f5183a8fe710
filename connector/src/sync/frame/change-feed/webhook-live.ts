/**
 * Whether a backend's ERP webhook rules are live, for a flow that polls faster on its own while they are not (the
 * merchant-stock flow's urgent poll): the connector has a public URL, `base_automation` is not reported missing,
 * and the rules were reconciled for it (`erp_webhook_state`). Database reads only, no ERP call. A flow switched on a
 * moment ago is taken as hooked from then, though its rule comes with the next change feed poll (at most
 * `changeFeed.pollSeconds`): the price of reading the state instead of asking the ERP.
 */
import type { CoreServices } from '../../../core/services.ts';
import { CHANGE_FEED_FLOW, flowsWaitingForModules } from '../erp-modules.ts';

export async function webhookLive(core: CoreServices, backendId: number): Promise<boolean> {
  if (!core.changeFeed.publicUrl) return false;
  if ((await flowsWaitingForModules(core, backendId)).has(CHANGE_FEED_FLOW)) return false;
  const { rows } = await core.pool.query('select 1 from erp_webhook_state where backend_id = $1', [backendId]);
  return rows.length > 0;
}
