/**
 * Keeps a backend's webhook rules in the ERP in step with its live subscriptions, the public URL and its secret:
 * a hash of what they were last made from is kept (`erp_webhook_state`), so the rules are looked at only when it
 * changed (a flow switched on or off, a rotated secret, a new public URL, the backend switched off) and not on
 * every poll. Without a public URL, or while `base_automation` is missing, the rules are removed (polling alone).
 */
import { createHash } from 'node:crypto';
import type { ChangeSubscription } from '../../../core/change-feed/index.ts';
import type { CoreServices } from '../../../core/services.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { reconcileRules, wantedRules, webhookPath, type RuleReport } from './webhook-rules.ts';

export interface WebhookSyncInput {
  core: CoreServices;
  erp: ErpPort;
  backendId: number;
  /** The live subscriptions; empty when the backend is off (every rule goes). */
  subs: readonly ChangeSubscription[];
  /** False while `base_automation` is reported missing: nothing can be reconciled (polling goes on). */
  automationReady: boolean;
  /** Reconcile even when nothing changed since the last time (a set-up run). */
  force?: boolean;
}

/** Reconciles when needed; null when nothing changed (or nothing can be done). */
export async function syncWebhookRules(input: WebhookSyncInput): Promise<RuleReport | null> {
  const { core, erp, backendId } = input;
  if (!input.automationReady) return null;
  const publicUrl = core.changeFeed.publicUrl;
  const wanted = publicUrl ? wantedRules(backendId, input.subs) : [];
  const url = wanted.length && publicUrl ? `${publicUrl}${webhookPath(backendId, await core.changeFeed.secrets.current(backendId))}` : null;
  const signature = createHash('sha256').update(JSON.stringify({ url, wanted })).digest('hex');
  const { rows } = await core.pool.query('select signature from erp_webhook_state where backend_id = $1', [backendId]);
  const last = (rows[0] as { signature: string } | undefined)?.signature;
  if (!input.force && last === signature) return null;
  // Nothing ever installed and nothing wanted: no ERP call at all (polling alone).
  if (last === undefined && wanted.length === 0) return null;
  const report = await reconcileRules(erp, backendId, wanted, url);
  await core.pool.query(
    `insert into erp_webhook_state (backend_id, signature) values ($1, $2)
     on conflict (backend_id) do update set signature = excluded.signature, updated_at = now()`,
    [backendId, signature],
  );
  return report;
}
