/** The shipments flow as other code may reach it: its declaration, task names and payload. */
export { shipmentsFlow } from './shipments.flow.ts';
export { Tasks, SHIPMENTS_FLOW, shipmentKey, type ConfirmPayload } from './shipments.payloads.ts';
export { listAtRisk, shipByHoursOf, type AtRiskRow } from './ship-by/index.ts';
