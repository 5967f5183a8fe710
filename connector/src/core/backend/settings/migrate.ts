/**
 * Stored settings of any earlier shape -> the namespaced shape: keys of the flat shape stored before namespaces
 * existed move into the namespace that declares them, renamed keys get their current name. A value already in
 * its namespace wins over a flat one. Pure; what nobody declares is reported as unknown, never guessed.
 */
import type { SettingsNamespace } from './namespace.ts';

export interface Migrated {
  /** namespace -> its keys (current names), values not yet validated. */
  namespaces: Record<string, Record<string, unknown>>;
  /** Dotted paths of keys no namespace declares (`foo`, `orders.foo`). */
  unknown: string[];
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Moves and renames the keys of `raw` into the namespaces that declare them. */
export function migrateSettings(namespaces: readonly SettingsNamespace[], raw: unknown): Migrated {
  const byName = new Map<string, SettingsNamespace>(namespaces.map((n) => [n.name, n]));
  const out: Record<string, Record<string, unknown>> = Object.fromEntries(namespaces.map((n) => [n.name, {}]));
  const unknown: string[] = [];
  if (!isPlainObject(raw)) return { namespaces: out, unknown };
  const flat: Array<[string, unknown]> = [];
  // Namespaced values first: they are the newer shape and win over a flat leftover of the same key.
  for (const [key, value] of Object.entries(raw)) {
    const ns = byName.get(key);
    if (!ns || !isPlainObject(value)) {
      flat.push([key, value]);
      continue;
    }
    const target = out[ns.name]!;
    const renamed: Array<[string, unknown]> = [];
    for (const [k, v] of Object.entries(value)) {
      if (Object.hasOwn(ns.schema.properties, k)) target[k] = v;
      else if (Object.hasOwn(ns.formerKeys, k)) renamed.push([ns.formerKeys[k]!, v]);
      else unknown.push(`${ns.name}.${k}`);
    }
    for (const [k, v] of renamed) if (!Object.hasOwn(target, k)) target[k] = v;
  }
  for (const [key, value] of flat) {
    const ns = namespaces.find((n) => Object.hasOwn(n.formerKeys, key));
    if (!ns) {
      unknown.push(key);
      continue;
    }
    const current = ns.formerKeys[key]!;
    if (!Object.hasOwn(out[ns.name]!, current)) out[ns.name]![current] = value;
  }
  return { namespaces: out, unknown };
}
