/** The account-health flow as other code may reach it: its declaration, task names and settings. */
export { accountHealthFlow } from './account-health.flow.ts';
export { ACCOUNT_HEALTH_FLOW, Tasks as AccountHealthTasks } from './account-health.payloads.ts';
export { accountHealthSettings } from './account-health.settings.ts';
