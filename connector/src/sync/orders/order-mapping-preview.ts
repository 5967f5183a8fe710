/**
 * The order flow's mapping preview: a stored Amazon order (the one named, else the latest fetched) run through
 * the real order mapper with the rows under edit in place of the saved ones. It reads the ERP's reference data
 * like an import does and writes nothing. Buyer data is read: the customer and delivery previews need it (the
 * route is for those who may edit mappings).
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { applyRules, rulesFor, type MappingRule } from '../../core/mapper/index.ts';
import type { MappingPreviewer, MappingPreviewResult, PreviewRecord } from '../frame/mapping-preview.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { mapOrder } from './mapping/order.mapper.ts';
import { buildOrderContext } from './order-context.ts';
import { orderDocuments } from './order-documents.ts';
import { referenceCacheOf } from './orders-env.ts';

/** The key of the backend's most recently changed stored order, if any. */
async function latestOrderKey(env: Pick<TaskEnv, 'db'>, backendId: number): Promise<string | null> {
  const { rows } = await env.db.pool.query<{ key: string }>(
    `select key from fetched_document where backend_id = $1 and kind = 'order' order by source_updated_at desc, id desc limit 1`,
    [backendId],
  );
  return rows[0]?.key ?? null;
}

/** What each target's rows read: the order for the header, customer and delivery; each item (with its order) for lines. */
function inputsOf(order: Order): MappingPreviewResult['inputs'] {
  return [
    { target: 'sale.order', label: `order ${order.orderId}`, source: order },
    ...order.orderItems.map((i) => ({ target: 'sale.order.line', label: `line ${i.product.sellerSku ?? i.orderItemId}`, source: { ...i, order } })),
    { target: 'res.partner', label: 'customer', source: order },
    { target: 'delivery', label: 'delivery address', source: order },
  ];
}

const record = (label: string, vals: Record<string, unknown>, fromRules: Record<string, unknown>): PreviewRecord => ({
  label, vals, fromRules: Object.keys(fromRules),
});

/** The previewer over `env`. */
export const orderMappingPreview = (env: TaskEnv): MappingPreviewer => async (backendId, req) => {
  const key = req.key ?? (await latestOrderKey(env, backendId));
  if (key === null) return null;
  const stored = (await orderDocuments(env.core.documents).getMany(backendId, [key], { withPii: true })).found.get(key);
  if (!stored) return null;
  const { order } = stored;
  const rules: MappingRule[] = [...req.rules];
  const tables = [...new Set(rules.flatMap((r) => (r.enabled && r.source.kind === 'lookup' ? [r.source.table] : [])))];
  const loaded = tables.length ? await env.core.lookups.loadTables(backendId, tables) : new Map<string, Map<string, unknown>>();
  const lookups = Object.fromEntries([...loaded].map(([name, entries]) => [name, Object.fromEntries(entries)]));
  const rt = await env.runtimes.get(backendId);
  const skus = order.orderItems.flatMap((i) => (i.product.sellerSku ? [i.product.sellerSku] : []));
  const ctx = { ...(await buildOrderContext(env.core, rt, referenceCacheOf(env), skus)), rules, lookups, creating: req.creating };
  const mapped = mapOrder(order, ctx);
  const opts = { creating: req.creating };
  const only = (target: string, source: unknown) => applyRules(rulesFor(rules, target), source, lookups, opts);
  const base = { record: { key, updatedAt: stored.lastUpdatedAt.toISOString() }, inputs: inputsOf(order), lookups };
  if (!mapped.ok) return { ...base, targets: [], mapperProblems: mapped.problems.map((p) => ({ code: p.code, message: p.message })) };
  const itemsById = new Map(order.orderItems.map((i) => [i.orderItemId, i]));
  return {
    ...base,
    mapperProblems: [],
    targets: [
      { target: 'sale.order', records: [record(`order ${order.orderId}`, mapped.saleOrder.vals, only('sale.order', order))] },
      {
        target: 'sale.order.line',
        records: mapped.lines.map((l) => {
          const item = l.orderItemId === undefined ? undefined : itemsById.get(l.orderItemId);
          return record(`line ${l.sku ?? l.kind}`, l.vals, item ? only('sale.order.line', { ...item, order }) : {});
        }),
      },
      { target: 'res.partner', records: [record('customer', mapped.partner.vals, only('res.partner', order))] },
      { target: 'delivery', records: mapped.delivery ? [record('delivery address', mapped.delivery.vals, only('delivery', order))] : [] },
    ],
  };
};
