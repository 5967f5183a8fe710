export { createLookupStore, type LookupStore, type LookupStoreOptions, type WriteOptions } from './lookup-store.ts';
export type { LookupEntryInput, LookupTableSpec } from './lookup-table-spec.ts';
