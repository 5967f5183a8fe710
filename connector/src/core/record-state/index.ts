/** Record states: where each record of a flow stands, with counts per state. */
export * from './record-state-store.ts';
