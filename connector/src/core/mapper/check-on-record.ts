/**
 * The preview's checks of valid rows against one real record and the ERP's fields: a field the target's ERP model
 * lacks or will not take (the ERP would refuse the write), a lookup table or key that is not there, a source that
 * gives nothing on this record (the mapper's value stays). Pure: the caller brings the record, tables and fields.
 */
import { resolvePath } from './json-path.ts';
import { resolveSource } from './apply-rules.ts';
import type { LookupTables, MappingRule } from './mapping-rule.ts';
import { applyTransforms } from './transforms.ts';

export interface RecordProblem {
  /** The row's index in the list checked. */
  index: number;
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

/** What the ERP says of a field (fields_get), as far as the checks need it. */
export interface KnownField {
  type: string;
  readonly: boolean;
}

export interface RecordCheckInput {
  /** The rows with their index in the caller's list. */
  rules: ReadonlyArray<{ index: number; rule: MappingRule }>;
  /** What each target's rows read, one per ERP record. */
  inputs: ReadonlyArray<{ target: string; source: unknown }>;
  lookups: LookupTables;
  /** Per target, the ERP model's fields; a target missing here is not checked (its fields could not be read). */
  fields: ReadonlyMap<string, ReadonlyMap<string, KnownField>>;
}

/** Every problem of the rows on this record (disabled rows are not checked). */
export function checkOnRecord(input: RecordCheckInput): RecordProblem[] {
  const out: RecordProblem[] = [];
  for (const { index, rule } of input.rules) {
    if (!rule.enabled) continue;
    const add = (field: string, message: string, severity: RecordProblem['severity']) => out.push({ index, field, message, severity });
    const known = input.fields.get(rule.target);
    const f = known?.get(rule.erpField);
    if (known && !f) add('/erpField', `the ERP has no field "${rule.erpField}" on this target: it would refuse the write`, 'error');
    else if (f?.readonly) add('/erpField', `"${rule.erpField}" is read-only in the ERP: the value would be ignored or refused`, 'warning');
    const sources = input.inputs.filter((i) => i.target === rule.target).map((i) => i.source);
    const src = rule.source;
    if (src.kind === 'lookup') {
      const table = input.lookups[src.table];
      if (!table || Object.keys(table).length === 0) {
        add('/source/table', `the lookup table "${src.table}" has no entries`, 'warning');
        continue;
      }
      const missing = sources.map((s) => resolvePath(s, src.keyPath)).filter((k) => k !== undefined && k !== null && !Object.hasOwn(table, String(k)));
      if (missing.length) add('/source/keyPath', `no entry for key "${String(missing[0])}" in "${src.table}"`, 'warning');
    }
    if (sources.length && sources.every((s) => applyTransforms(resolveSource(src, s, input.lookups), rule.transforms) === undefined)) {
      add(src.kind === 'lookup' ? '/source/keyPath' : src.kind === 'path' ? '/source/path' : '/source', "gives nothing on this record: the mapper's value stays", 'warning');
    }
  }
  return out;
}
