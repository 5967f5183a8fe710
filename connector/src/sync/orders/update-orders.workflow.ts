/**
 * The update workflow: Amazon's later changes to an order already in the ERP (map, apply while safe, read back).
 * Confirmed lines cannot be deleted in Odoo, so a dropped line is set to quantity 0 (see the sale order gateway).
 */
import { pipeline, type TypedWorkflowResult } from '../../core/workflow/typed-step.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord, Verified } from './import-records.ts';
import { applyAmazonChangesStep } from './steps/apply-amazon-changes.step.ts';
import { mapOrdersStep } from './steps/map-orders.step.ts';
import { verifyImportedStep } from './steps/verify-imported.step.ts';

/** What an update leaves of an order that went through. */
export type UpdatedOrder = OrderRecord & Mapped & InErp & Verified;

/** Runs the update workflow over bound orders whose Amazon-owned content changed. */
export async function applyOrderChanges(deps: ImportDeps, records: readonly OrderRecord[], runId: number): Promise<TypedWorkflowResult<OrderRecord, UpdatedOrder>> {
  // The ERP order exists: mapping rows marked "only on create" stay out.
  const updateDeps: ImportDeps = { ...deps, ctx: { ...deps.ctx, creating: false } };
  return pipeline<OrderRecord>()
    .then(mapOrdersStep(updateDeps))
    .then(applyAmazonChangesStep(updateDeps))
    .then(verifyImportedStep(updateDeps))
    .run(records, { writeSteps: (entries) => deps.core.runs.writeSteps(runId, entries) });
}
