/** The shipments flow as other code may reach it: its declaration, task names and payload, and its read side for care and account health. */
export { shipmentsFlow } from './shipments.flow.ts';
export { Tasks, SHIPMENTS_FLOW, shipmentKey, type ConfirmPayload } from './shipments.payloads.ts';
// For the care and account-health flows: orders at risk of shipping late, packages confirmed late.
export { listAtRisk, shipByHoursOf, shippedAmong, type AtRiskRow } from './ship-by/index.ts';
export { lateConfirmations, type LateConfirmation } from './late-confirmations.ts';
