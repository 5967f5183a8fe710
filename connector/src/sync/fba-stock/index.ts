/** The fba-stock flow as other code may reach it: its declaration, settings, and what the reorder advice reads. */
export { fbaStockFlow } from './fba-stock.flow.ts';
export { fbaStockSettings } from './fba-stock.settings.ts';
export { FBA_STOCK_FLOW, Tasks as FbaStockTasks } from './fba-stock.payloads.ts';
export { storedStock, lastSnapshots, type StockRow, type SnapshotInfo } from './snapshot/stock-store.ts';
export { takeSnapshot, type SnapshotResult } from './snapshot/take-snapshot.ts';
export { onInventoryNotified } from './fba-stock.tasks.ts';
export { approveDrift, approvePool } from './drift/approve-drift.ts';
export { listDrift, type DriftRow } from './drift/drift-store.ts';
