export { pruneInBatches, type BatchOptions } from './prune-batches.ts';
export { pruneAll, pruneBackend, pruneEveryBackend, type PruneCounts, type PruneOptions, type PrunedBackend, type RetainedDocuments, type RetainedRows } from './prune.ts';
