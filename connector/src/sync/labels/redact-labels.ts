/**
 * Labels carry the buyer's name and address: their sealed bytes go on the same schedule as the order's buyer data
 * (`privacy.piiRetentionDays` of each backend, deleted and disabled backends too). The ERP's copy (the attachment)
 * is the seller's document and stays in the ERP.
 */
import { privacySettings } from '../../core/backend/settings/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { redactLabelsOlderThan } from './label-store.ts';

export async function redactLabels(env: Pick<TaskEnv, 'core' | 'db' | 'log'>): Promise<void> {
  for (const b of await env.core.backends.list({ includeDeleted: true })) {
    const { piiRetentionDays } = privacySettings.of(b.settings);
    const n = await redactLabelsOlderThan(env.db.pool, b.id, piiRetentionDays);
    if (n) env.log.info('label bytes redacted', { backendId: b.id, labels: n, retentionDays: piiRetentionDays });
  }
}
