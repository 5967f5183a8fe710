export type { Step, StepContext, WorkRecord } from './step.ts';
export { runWorkflow, type RecordOutcome, type RecordStatus, type StepLogEntry, type StepStatus, type WorkflowResult } from './runner.ts';
export { createRunLog, runStatusOf, type RunLog, type RunStatus, type SyncRunRow, type SyncStepRow } from './run-log.ts';
export { pipeline, type Pipeline, type TypedOutcome, type TypedStep, type TypedStepContext, type TypedWorkflowResult } from './typed-step.ts';
