/** Fetched documents: what the flows fetched, PII sealed apart through the kind's one split. */
export * from './document-kind.ts';
export * from './document-store.ts';
