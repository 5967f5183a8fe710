/** The fba-returns flow as other code may reach it: its declaration, task names and settings. */
export { fbaReturnsFlow } from './fba-returns.flow.ts';
export { FBA_RETURNS_FLOW, Tasks as FbaReturnTasks } from './fba-returns.payloads.ts';
export { fbaReturnsSettings } from './fba-returns.settings.ts';
// For the review-requests flow: returned orders get no review request.
export { fbaReturnedOrderIds } from './returned-orders.ts';
