/**
 * Evaluates mapping rows against a source object (an Amazon order, one of its items, ...) into ERP vals. Pure:
 * lookup tables are passed in. Rows run by position, so a later row wins over an earlier one for the same field;
 * a row whose value resolves to nothing leaves the field alone (the mapper's default stays).
 */
import { resolvePath } from './json-path.ts';
import type { LookupTables, MappingRule, MappingSource, MappingTarget } from './mapping-rule.ts';
import { applyTransforms } from './transforms.ts';

export interface ApplyOptions {
  /** True when the ERP record is being created: onlyCreate rows are skipped on later updates. */
  creating: boolean;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return ''; // missing, null, objects: a template never prints a whole sub-object
}

/** The raw value a source gives before transforms (undefined when it resolves to nothing). */
export function resolveSource(src: MappingSource, source: unknown, lookups: LookupTables): unknown {
  switch (src.kind) {
    case 'path':
      return resolvePath(source, src.path);
    case 'constant':
      return src.value;
    case 'template':
      return src.template.replace(PLACEHOLDER, (_, path: string) => asText(resolvePath(source, path)));
    case 'lookup': {
      const key = resolvePath(source, src.keyPath);
      const table = lookups[src.table];
      if (key === undefined || key === null || !table) return undefined;
      const k = asText(key);
      return Object.hasOwn(table, k) ? table[k] : undefined;
    }
  }
}

/** The rows of one target that run, in position order (disabled rows dropped). */
export function rulesFor(rules: readonly MappingRule[], target: MappingTarget): MappingRule[] {
  return rules.filter((r) => r.enabled && r.target === target).sort((a, b) => a.position - b.position);
}

/** Evaluates the rows (all of them: filter with rulesFor first) into a vals object of ERP fields. */
export function applyRules(
  rules: readonly MappingRule[],
  source: unknown,
  lookups: LookupTables,
  options: ApplyOptions,
): Record<string, unknown> {
  const vals: Record<string, unknown> = {};
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  for (const rule of ordered) {
    if (!rule.enabled || (rule.onlyCreate && !options.creating)) continue;
    const value = applyTransforms(resolveSource(rule.source, source, lookups), rule.transforms);
    if (value !== undefined) vals[rule.erpField] = value;
  }
  return vals;
}
