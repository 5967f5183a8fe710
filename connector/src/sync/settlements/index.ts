/** The settlements flow as other code may reach it: its declaration, task names and settings. */
export { settlementsFlow } from './settlements.flow.ts';
export { SETTLEMENTS_FLOW, SETTLEMENT_REPORT, Tasks as SettlementTasks } from './settlements.payloads.ts';
export { settlementsSettings } from './settlements.settings.ts';
export { sweepSettlements } from './sweep-settlements.ts';
