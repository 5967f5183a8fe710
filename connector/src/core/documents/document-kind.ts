/**
 * A kind of fetched document, declared by the flow that fetches it: its name, and the ONE split of its PII (what
 * is cut out of the stored payload and kept only sealed) with its inverse. Conflict snapshots and logs go through
 * the same split, so a PII part added to the kind never leaks anywhere.
 */

/** A document split into its PII-free payload and its PII parts (null when it has none). */
export interface SplitDocument {
  payload: Record<string, unknown>;
  pii: Record<string, unknown> | null;
}

/** How a flow's documents are stored; `T` is the typed document (an Amazon `Order`). */
export interface DocumentKind<T> {
  /** Stored in `fetched_document.kind` (`order`). */
  readonly name: string;
  /** The PII parts the split cuts out (for people and docs: the split is the rule). */
  readonly piiParts: readonly string[];
  /**
   * Prefix of the seal's authenticated context `<prefix>:<backend id>:<key>` (default `fetched_document:<name>`):
   * a sealed part cannot be moved to another document. Orders keep `amazon_order`, their context before the move.
   */
  readonly sealContext?: string;
  split(document: T): SplitDocument;
  /** Puts opened PII back into a stored payload (the inverse of `split`); returns the raw document, unvalidated. */
  join(payload: Record<string, unknown>, pii: Record<string, unknown> | null): Record<string, unknown>;
  /** A few listable fields kept beside the payload (an order's marketplace, status, fulfilment channel). */
  summary?(document: T): Record<string, unknown>;
}

/** The seal's authenticated context of one document. */
export function sealContext(kind: Pick<DocumentKind<unknown>, 'name' | 'sealContext'>, backendId: number, key: string): string {
  return `${kind.sealContext ?? `fetched_document:${kind.name}`}:${backendId}:${key}`;
}

/** Identity: a kind whose documents hold no PII. */
export const NO_PII = {
  piiParts: [] as const,
  split: (document: unknown): SplitDocument => ({ payload: { ...(document as Record<string, unknown>) }, pii: null }),
  join: (payload: Record<string, unknown>): Record<string, unknown> => ({ ...payload }),
};
