/** The care flow as other code may reach it: its declaration, task names, settings and store reads. */
export { careFlow } from './care.flow.ts';
export { CARE_FLOW, CARE_REASONS, Tasks as CareTasks, careMarker, type CareReason } from './care.payloads.ts';
export { careSettings } from './care.settings.ts';
export { listCare, type CareRow } from './care-store.ts';
