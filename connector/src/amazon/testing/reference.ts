/**
 * Finds the shared read-only references (`<repo root>/../shared/reference`, where CI puts them beside the clone),
 * falling back to /work/shared/reference for a worktree that has no `shared/` beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** The absolute path of the shared reference folder. */
export function referenceDir(): string {
  for (const candidate of [join(repoRoot, '..', 'shared', 'reference'), '/work/shared/reference']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`shared/reference not found beside ${repoRoot}`);
}

/** Every static example answer of one operation and status in the Orders v2026-01-01 model. */
export function modelExamples(operationId: string, status: string): unknown[] {
  const model = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'orders_2026-01-01.json'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, Record<string, unknown>> }>>;
  };
  for (const ops of Object.values(model.paths)) {
    for (const op of Object.values(ops)) {
      if (op.operationId !== operationId) continue;
      const sandbox = op.responses?.[status]?.['x-amzn-api-sandbox'] as { static?: Array<{ response: unknown }> } | undefined;
      return (sandbox?.static ?? []).map((s) => s.response);
    }
  }
  throw new Error(`operation ${operationId} not in the model`);
}
