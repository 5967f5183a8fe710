export * from './fixed-tables.ts';
export { createLookupStore, type FixedTableValues, type LookupEntryInput, type LookupStore } from './lookup-store.ts';
