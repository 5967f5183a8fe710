/** The labels flow as other code may reach it: its declaration, task names, settings and keys. */
export { labelsFlow } from './labels.flow.ts';
export { LABELS_FLOW, Tasks as LabelTasks, labelKey, idempotencyKeyOf } from './labels.payloads.ts';
export { labelsSettings } from './labels.settings.ts';
