/** Evaluates mapping rows against an Amazon order (or item): pure, no I/O; lookups come preloaded. */
import type { MappingRule, MappingTarget } from './mapping-rule.ts';

export interface RuleInput {
  /** What paths resolve against: the order for order/partner targets, the item for line targets. */
  source: unknown;
  /** The whole order, reached with `$order.` from a line rule. */
  order?: unknown;
  /** True when the ERP record is being created (onlyCreate rows apply only then). */
  isCreate: boolean;
  /** Preloaded lookup tables: name -> key -> value. A missing table or key yields null. */
  lookups?: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
}

/** Reads `a.b[0].c` (or `$order.a`) from the input; undefined when any step is missing. */
export function readPath(input: Pick<RuleInput, 'source' | 'order'>, path: string): unknown {
  let root = input.source;
  let rest = path;
  if (path.startsWith('$order.')) {
    root = input.order;
    rest = path.slice('$order.'.length);
  }
  let value: unknown = root;
  for (const part of rest.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = /^\d+$/.test(part) && Array.isArray(value) ? value[Number(part)] : (value as Record<string, unknown>)[part];
  }
  return value;
}

function transform(value: unknown, t: string): unknown {
  const [name, arg = ''] = t.split(/:(.*)/s);
  const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  switch (name) {
    case 'trim':
      return typeof value === 'string' ? value.trim() : value;
    case 'upper':
      return typeof value === 'string' ? value.toUpperCase() : value;
    case 'lower':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'string':
      return text(value) ?? null;
    case 'nonempty':
      return value === '' ? null : value;
    case 'truncate':
      // By code points, so a multi-byte character (Unicode names) is never cut in half.
      return typeof value === 'string' ? [...value].slice(0, Number(arg)).join('') : value;
    case 'default': {
      if (value !== undefined && value !== null && value !== '') return value;
      try {
        return JSON.parse(arg);
      } catch {
        return arg;
      }
    }
    default:
      throw new Error(`unknown transform ${t}`);
  }
}

function evaluate(rule: MappingRule, input: RuleInput): unknown {
  switch (rule.sourceKind) {
    case 'path':
      return readPath(input, rule.source.path);
    case 'constant':
      return rule.source.value;
    case 'template':
      return rule.source.template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, p: string) => {
        const v = readPath(input, p);
        return v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      });
    case 'lookup': {
      const key = readPath(input, rule.source.keyPath);
      const entry = key == null ? undefined : input.lookups?.get(rule.source.table)?.get(String(key));
      return rule.source.valuePath && entry !== undefined ? readPath({ source: entry }, rule.source.valuePath) : entry;
    }
  }
}

/**
 * The ERP values the rows of `target` produce, by ERP field (undefined results become null so that a rule can
 * clear a default). Disabled rows, and onlyCreate rows on update, are left out.
 */
export function applyMappingRules(rules: readonly MappingRule[], target: MappingTarget, input: RuleInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const applicable = rules
    .filter((r) => r.enabled && r.target === target && (input.isCreate || !r.onlyCreate))
    .sort((a, b) => a.position - b.position);
  for (const rule of applicable) {
    const value = rule.transforms.reduce<unknown>((v, t) => transform(v, t), evaluate(rule, input));
    out[rule.erpField] = value === undefined ? null : value;
  }
  return out;
}
