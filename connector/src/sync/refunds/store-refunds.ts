/**
 * One page of refund documents into the store: each refund keyed once (a release without REFUND_ID finds its
 * deferred refund's key through the alias the deferred one left), merged with what is stored (a deferred refund
 * and its release are one document), then upserted. Answers the keys whose content changed.
 */
import { stableHash } from '../../core/stable-hash.ts';
import { NO_PII, type DocumentKind } from '../../core/documents/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { mergeRefund } from './deferred-refund.ts';
import { refundKind, type RefundDocument } from './refund-document.ts';

/** A deferred transaction's id -> its refund's key (stored only for deferred refunds). */
interface RefundAlias { refundId: string }
export const refundAliasKind: DocumentKind<RefundAlias> = { name: 'refund_alias', ...NO_PII };

export async function storeRefunds(env: Pick<TaskEnv, 'core'>, backendId: number, read: readonly RefundDocument[]): Promise<{ changed: string[]; docs: Map<string, RefundDocument> }> {
  const aliases = env.core.documents.of(refundAliasKind);
  // A release keyed by its DEFERRED_TRANSACTION_ID (no REFUND_ID of its own): the deferred refund's key, if known.
  const orphanIds = read.filter((d) => d.deferral && d.refundId === d.deferral.deferredTransactionId).map((d) => d.refundId);
  const known = orphanIds.length ? await aliases.getMany(backendId, orphanIds) : new Map();
  const keyed = read.map((d) => {
    const alias = known.get(d.refundId)?.document as RefundAlias | undefined;
    return alias ? { ...d, refundId: alias.refundId } : d;
  });
  const docs = new Map<string, RefundDocument>();
  for (const d of keyed) docs.set(d.refundId, mergeRefund(docs.get(d.refundId), d));
  const stored = await env.core.documents.of(refundKind).getMany(backendId, [...docs.keys()]);
  for (const [key, d] of docs) docs.set(key, mergeRefund(stored.get(key)?.document as unknown as RefundDocument | undefined, d));
  const withAlias = [...docs.values()].filter((d) => d.deferral?.deferredTransactionId && d.deferral.deferredTransactionId !== d.refundId);
  await aliases.upsertMany(backendId, withAlias.map((d) => ({ key: d.deferral!.deferredTransactionId!, sourceUpdatedAt: d.postedDate, contentHash: d.refundId, document: { refundId: d.refundId } })));
  const changed = await env.core.documents.of(refundKind).upsertMany(backendId, [...docs.values()].map((d) => ({ key: d.refundId, sourceUpdatedAt: d.postedDate, contentHash: stableHash(d), document: d })));
  return { changed, docs };
}
