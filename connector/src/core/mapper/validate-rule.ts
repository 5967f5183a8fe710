/**
 * Checks a mapping row as a person typed it (the admin API calls this before saving): shape first, then meaning
 * (paths that parse, templates whose placeholders parse, transforms the engine knows, field names Odoo accepts).
 * Returns every problem found, empty when the row is valid.
 */
import { Compile } from 'typebox/compile';
import { parsePath } from './json-path.ts';
import { MappingRule } from './mapping-rule.ts';
import { isKnownTransform } from './transforms.ts';

export interface RuleProblem {
  /** JSON pointer into the row ("/source/path"). */
  field: string;
  message: string;
}

const shape = Compile(MappingRule);
const ERP_FIELD = /^[a-z_][a-z0-9_]*$/;

function checkPath(path: string, field: string, out: RuleProblem[]): void {
  if (!parsePath(path)) out.push({ field, message: `"${path}" is not a path like "buyer.buyerName" or "orderItems[0].product.sellerSku"` });
}

/**
 * Every problem of a mapping row; [] means the row can be saved and run. `targets`: the models the row's flow
 * declares as mapping targets (the flows are assembled outside core); without it any target name is accepted.
 */
export function validateRule(input: unknown, targets?: readonly string[]): RuleProblem[] {
  // The target is checked with the shape, so a row wrong in both ways hears of both at once.
  const target = (input as { target?: unknown } | null)?.target;
  const targetProblems: RuleProblem[] = [];
  if (targets && typeof target === 'string' && target && !targets.includes(target)) {
    const known = targets.length ? `one of ${targets.join(', ')}` : 'none: the flow declares no mapping target';
    targetProblems.push({ field: '/target', message: `"${target}" is not a mapping target of this flow (${known})` });
  }
  if (!shape.Check(input)) {
    return [...[...shape.Errors(input)].map((e) => ({ field: e.instancePath || '/', message: e.message })), ...targetProblems];
  }
  const rule = input;
  const out: RuleProblem[] = [...targetProblems];
  if (!ERP_FIELD.test(rule.erpField)) {
    out.push({ field: '/erpField', message: `"${rule.erpField}" is not an ERP field name (lower case, digits, _)` });
  }
  const src = rule.source;
  if (src.kind === 'path') checkPath(src.path, '/source/path', out);
  if (src.kind === 'lookup') checkPath(src.keyPath, '/source/keyPath', out);
  if (src.kind === 'template') {
    const stripped = src.template.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_, p: string) => {
      checkPath(p, '/source/template', out);
      return '';
    });
    if (stripped.includes('{{') || stripped.includes('}}')) {
      out.push({ field: '/source/template', message: 'unbalanced {{ }} in the template' });
    }
  }
  rule.transforms.forEach((t, i) => {
    if (!isKnownTransform(t)) out.push({ field: `/transforms/${i}`, message: `unknown transform "${t}"` });
  });
  return out;
}
