/** The returns flow as other code may reach it: its declaration, task names and settings. */
export { returnsFlow } from './returns.flow.ts';
export { RETURNS_FLOW, Tasks as ReturnTasks, returnKey } from './returns.payloads.ts';
export { returnsSettings } from './returns.settings.ts';
export { returnRequests, type ReturnRequest } from './return-requests.ts';
// For the review-requests flow: returned orders get no review request.
export { returnedOrderIds } from './returned-orders.ts';
