/**
 * The orders flow's stored Amazon orders (document kind `order`) read without their PII (none is needed): a
 * read-only view, since the orders flow is not this flow's to import. Never written through it (`split` refuses).
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../amazon/parse-order.ts';
import type { DocumentKind } from '../../core/documents/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';

const STORED_ORDER: DocumentKind<Order> = {
  name: 'order',
  piiParts: [],
  sealContext: 'amazon_order',
  split: () => { throw new Error('payment adjustments never write Amazon orders'); },
  join: (payload) => payload,
  summary: () => ({}),
};

/** The stored Amazon order, or null (not stored, pruned by retention, or unreadable). */
export async function storedOrder(env: Pick<TaskEnv, 'core'>, backendId: number, amazonOrderId: string): Promise<Order | null> {
  const d = (await env.core.documents.of(STORED_ORDER).getMany(backendId, [amazonOrderId])).get(amazonOrderId);
  if (!d) return null;
  const parsed = parseOrder(d.document);
  return parsed.ok ? parsed.order : null;
}
