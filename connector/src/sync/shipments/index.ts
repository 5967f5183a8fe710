/** The shipments flow as other code may reach it: its declaration, task names and payload, and its read side for account health. */
export { shipmentsFlow } from './shipments.flow.ts';
export { Tasks, SHIPMENTS_FLOW, shipmentKey, type ConfirmPayload } from './shipments.payloads.ts';
// For the account-health flow's leading indicators: orders at risk of shipping late, packages confirmed late.
export { listAtRisk, shipByHoursOf, type AtRiskRow } from './ship-by/index.ts';
export { lateConfirmations, type LateConfirmation } from './late-confirmations.ts';
