/**
 * Schema validation errors as problems a caller can act on: one per field, naming where it is (path, query,
 * body) and, for a choice among fixed values, the values allowed (rather than the validator's "must be equal to
 * constant" once per alternative).
 */

export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface Problem {
  /** `params`, `querystring`, `body` or `headers`. */
  in: string;
  /** The field as a JSON pointer inside that part (`/settings/batchSize`); empty for the part itself. */
  field: string;
  message: string;
}

/** The values a field may take, from its `const` alternatives and `enum` lists. */
function allowedValues(issues: ValidationIssue[]): unknown[] {
  const values: unknown[] = [];
  for (const i of issues) {
    if (i.keyword === 'const') values.push(i.params?.allowedValue);
    if (i.keyword === 'enum') values.push(...((i.params?.allowedValues as unknown[] | undefined) ?? []));
  }
  return values;
}

/** Groups the validator's issues by field and words one problem for each. */
export function toProblems(part: string, issues: ValidationIssue[]): Problem[] {
  const byField = new Map<string, ValidationIssue[]>();
  for (const i of issues) {
    // An unknown property is reported twice by TypeBox: on the object and as "schema is false" on the property.
    if (i.keyword === 'boolean') continue;
    const list = byField.get(i.instancePath) ?? [];
    list.push(i);
    byField.set(i.instancePath, list);
  }
  const problems: Problem[] = [];
  for (const [field, list] of byField) {
    const allowed = allowedValues(list);
    if (allowed.length) {
      problems.push({ in: part, field, message: `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` });
      continue;
    }
    const extra = list.find((i) => i.keyword === 'additionalProperties');
    const first = extra ?? list.find((i) => i.keyword !== 'anyOf') ?? list[0]!;
    const names = extra ? ` (${((extra.params?.additionalProperties as string[] | undefined) ?? []).join(', ')})` : '';
    problems.push({ in: part, field, message: `${first.message ?? first.keyword}${names}` });
  }
  return problems;
}

/** One line for the error message: `querystring/limit must be integer; body/action must be one of: ...`. */
export function describeProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.in}${p.field || ''} ${p.message}`).join('; ');
}
