/** The mapping rows as the screen edits them: the API's types, a blank row, summaries and problems by field. */
import type { components } from '@/api/openapi';

export type StoredRule = components['schemas']['MappingRuleView'];
export type MappingFlow = components['schemas']['MappingFlow'];
export type ErpField = components['schemas']['ErpField'];
export type Preview = components['schemas']['MappingPreview'];
export type Source = StoredRule['source'];
export type SourceKind = Source['kind'];
/** A row being edited: what the API stores, without id and flow (id kept when it exists). */
export type DraftRule = Omit<StoredRule, 'id' | 'flow'> & { id?: number };
export interface Problem {
  field: string;
  message: string;
}

export const SOURCE_KINDS: Array<{ value: SourceKind; label: string; hint: string }> = [
  { value: 'path', label: 'Amazon field', hint: 'a path into the Amazon order, e.g. buyer.buyerPurchaseOrderNumber' },
  { value: 'constant', label: 'Constant', hint: 'the same value on every record' },
  { value: 'template', label: 'Template', hint: 'text with {{paths}}, e.g. Amazon {{salesChannel.marketplaceName}}' },
  { value: 'lookup', label: 'Lookup table', hint: 'the value a lookup table holds for a key read from the order' },
];

export const TRANSFORMS = ['trim', 'upper', 'lower', 'truncate:64', 'default:n/a'];

export function blankRule(target: string, position: number): DraftRule {
  return { target, erpField: '', source: { kind: 'path', path: '' }, transforms: [], onlyCreate: false, enabled: true, position };
}

/** A source of another kind, keeping what carries over (a path becomes a lookup's key path). */
export function sourceOfKind(kind: SourceKind, from: Source): Source {
  const path = from.kind === 'path' ? from.path : from.kind === 'lookup' ? from.keyPath : '';
  if (kind === 'path') return { kind, path };
  if (kind === 'constant') return { kind, value: from.kind === 'constant' ? from.value : '' };
  if (kind === 'template') return { kind, template: from.kind === 'template' ? from.template : path ? `{{${path}}}` : '' };
  return { kind, table: from.kind === 'lookup' ? from.table : '', keyPath: path };
}

/** One line saying where the value comes from. */
export function sourceSummary(s: Source): string {
  switch (s.kind) {
    case 'path': return s.path;
    case 'constant': return JSON.stringify(s.value);
    case 'template': return s.template;
    case 'lookup': return `${s.table}[${s.keyPath}]`;
  }
}

/** The row as the API takes it (no id). */
export function ruleBody(r: DraftRule): Omit<DraftRule, 'id'> {
  const { id: _id, ...body } = r;
  return body;
}

/** The problems whose JSON pointer falls under `prefix` ("/source" covers "/source/path"). */
export function problemsAt(problems: readonly Problem[], prefix: string): string {
  return problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}/`)).map((p) => p.message).join('; ');
}
