export { pruneInBatches, type BatchOptions } from './prune-batches.ts';
export { pruneAll, pruneBackend, type PruneCounts, type PrunedBackend } from './prune.ts';
