export { pruneInBatches, type BatchOptions } from './prune-batches.ts';
export { pruneAll, pruneBackend, pruneEveryBackend, type PruneCounts, type PrunedBackend } from './prune.ts';
