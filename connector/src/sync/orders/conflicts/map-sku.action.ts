/**
 * "Map the SKU and retry" on an SKU_UNMAPPED conflict: in the resolving transaction, the SKU table gets the row
 * (SKU -> ERP product, through the lookup store: a product binding, audited, every process told), and the order is
 * fetched and imported again (a followable resync run). The other open SKU_UNMAPPED conflicts of the backend that
 * name the same SKU are closed and re-run with it: one mapping cures every order that waited on it.
 */
import { PermanentError } from '../../../core/errors.ts';
import { recordAuditMany } from '../../../core/audit/audit-log.ts';
import type { FlowConflictAction } from '../../frame/flow-conflicts.ts';
import { enqueueResync, enqueueResyncMany } from '../resync-order.task.ts';

export const MAP_SKU = 'map_sku';

/** The SKU a conflict's diff names (the order-lines mapper's `{ sku, orderItemId }`). */
export const unmappedSkuOf = (diff: unknown): string | null => {
  const sku = diff !== null && typeof diff === 'object' ? (diff as { sku?: unknown }).sku : undefined;
  return typeof sku === 'string' && sku !== '' ? sku : null;
};

const inputOf = (data: unknown) => (data !== null && typeof data === 'object' ? (data as { productId?: unknown; sku?: unknown }) : {});

export const mapSkuAction: FlowConflictAction = {
  action: MAP_SKU,
  description: 'map_sku: map the unknown SKU to an ERP product (productId) and import the order again; other orders waiting on the SKU too',
  unavailableWhy: 'the conflict names no SKU: map it in the SKU table, then retry',
  requires: ['productId'],
  available: (c) => c.kind === 'order' && c.amazonKey !== '' && !c.amazonKey.startsWith('unidentified:') && unmappedSkuOf(c.diff) !== null,
  async run(c, tx, env, resolution) {
    const input = inputOf(resolution.data);
    const productId = input.productId;
    const sku = typeof input.sku === 'string' ? input.sku : unmappedSkuOf(c.diff);
    if (typeof productId !== 'number' || !sku) throw new PermanentError('CONFLICT_INPUT_MISSING', 'map_sku needs productId (the ERP product the SKU maps to)', { id: c.id });
    await env.core.lookups.put(c.backendId, 'sku_map', [{ key: sku, value: { productId } }], { actor: resolution.by, tx });
    await enqueueResync(tx, env.core.runs, c.backendId, c.amazonKey, 'conflict-resolved');
    // The same SKU's other open conflicts: closed as mapped (one audit entry each), their orders re-run.
    const { rows } = await tx.query<{ id: number; amazon_key: string; code: string }>(
      `update sync_conflict set status = 'resolved', resolved_at = now(), updated_at = now(), resolution = $4
        where backend_id = $1 and kind = 'order' and code = 'SKU_UNMAPPED' and status = 'open' and id <> $2 and diff ->> 'sku' = $3
          and amazon_key not like 'unidentified:%'
        returning id::int, amazon_key, code`,
      [c.backendId, c.id, sku, JSON.stringify({ action: MAP_SKU, by: resolution.by, note: `SKU ${sku} mapped on conflict ${c.id}`, data: { sku, productId } })],
    );
    if (!rows.length) return;
    await enqueueResyncMany(tx, env.core.runs, c.backendId, rows.map((r) => r.amazon_key), 'conflict-resolved');
    await recordAuditMany(
      tx,
      rows.map((r) => ({
        actor: resolution.by, action: 'conflict.resolve', backendId: c.backendId, target: `conflict:${r.id}`,
        before: { status: 'open', code: r.code, kind: 'order', amazonKey: r.amazon_key },
        after: { status: 'resolved', resolution: { action: MAP_SKU, by: resolution.by, data: { sku, productId }, via: c.id } },
      })),
    );
  },
};
