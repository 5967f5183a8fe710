/**
 * A lookup table's declaration, given to the lookup store by whoever reads the table (a flow): its name, the
 * schema its values must match on write, and optionally that its rows are bindings. Core declares no table.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../errors.ts';
import type { BindingKind } from '../binding/binder.ts';

export interface LookupTableSpec {
  name: string;
  description: string;
  /** Every value written must match (MAPPING_RULE_INVALID naming the keys otherwise). */
  value: TSchema;
  /**
   * Rows stored as bindings (core/binding) instead of lookup entries: key = the binding's Amazon key, value =
   * `{ [idField]: erpId }` (e.g. sku_map: kind `product`, `product.product`, `productId`). Versioned, and what a
   * flow pushes for the record is kept with it.
   */
  binding?: { kind: BindingKind; erpModel: string; idField: string };
}

export interface LookupEntryInput {
  key: string;
  value: unknown;
}

/** A table name as the store accepts it (also a valid audit target). */
export function checkTableName(table: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(table)) {
    throw new PermanentError('MAPPING_RULE_INVALID', `invalid lookup table name ${table}`, { table });
  }
}

/** The declared tables by name, each with its compiled value check. */
export function compileSpecs(specs: readonly LookupTableSpec[]): Map<string, LookupTableSpec & { check(value: unknown): boolean }> {
  return new Map(specs.map((s) => {
    const compiled = Compile(s.value);
    return [s.name, { ...s, check: (v: unknown) => compiled.Check(v) }];
  }));
}

/** Throws MAPPING_RULE_INVALID naming the keys whose values do not match the table's schema. */
export function checkValues(table: string, check: ((value: unknown) => boolean) | undefined, entries: readonly LookupEntryInput[]): void {
  const bad = check ? entries.filter((e) => !check(e.value)).map((e) => e.key) : [];
  if (bad.length) {
    throw new PermanentError('MAPPING_RULE_INVALID', `invalid ${table} values for keys: ${bad.slice(0, 10).join(', ')}`, { table, keys: bad });
  }
}
