/** The review-requests flow as other code may reach it: its declaration, task names and settings. */
export { reviewRequestsFlow } from './review-requests.flow.ts';
export { REVIEW_REQUESTS_FLOW, Tasks as ReviewRequestTasks } from './review-requests.payloads.ts';
export { reviewRequestsSettings } from './review-requests.settings.ts';
