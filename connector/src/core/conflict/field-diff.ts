/** The `diff` stored with a conflict: the fields whose values differ, each with both sides' values. */
export interface FieldDifference {
  field: string;
  amazon: unknown;
  erp: unknown;
}

/** Compares the named fields (default: every key of either side) by JSON value. */
export function fieldDiff(
  amazon: Record<string, unknown>,
  erp: Record<string, unknown>,
  fields: readonly string[] = [...new Set([...Object.keys(amazon), ...Object.keys(erp)])],
): FieldDifference[] {
  return fields
    .filter((f) => JSON.stringify(amazon[f] ?? null) !== JSON.stringify(erp[f] ?? null))
    .map((f) => ({ field: f, amazon: amazon[f] ?? null, erp: erp[f] ?? null }));
}
