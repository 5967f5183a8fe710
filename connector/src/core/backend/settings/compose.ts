/**
 * The one schema of backend settings, composed of namespaces (namespace.ts): strict on write (an unknown key or a
 * value out of bounds is refused with a stable code naming it), migrated on read (migrate.ts: the flat shape of
 * earlier versions and renamed keys), and a PATCH is a JSON merge patch (RFC 7386) per namespace: objects merge,
 * `null` removes a key (an optional one, or one entry of a map such as a rate override) or resets it to its
 * default. The API's schemas, the core and every worker read settings through the model built here.
 */
import { Type, type TObject, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { PermanentError } from '../../errors.ts';
import { isPlainObject, migrateSettings } from './migrate.ts';
import type { BackendSettings, SettingsNamespace } from './namespace.ts';

export interface BackendSettingsModel {
  readonly namespaces: readonly SettingsNamespace[];
  /** The settings as stored and shown: one object per namespace, every key present. */
  readonly schema: TObject;
  /** What a write carries: any namespaces, any of their keys; `null` removes or resets a key. */
  readonly patchSchema: TObject;
  defaults(): BackendSettings;
  /**
   * Stored settings of any earlier shape -> settings. Never throws (an upgrade must not break a backend): a key
   * nobody declares is dropped, a number out of today's bounds is clamped into them, any other bad value falls
   * back to its default; `dropped` names what was not kept as is.
   */
  read(stored: unknown): { settings: BackendSettings; dropped: string[] };
  /** `current` with `patch` merged in; throws SETTINGS_UNKNOWN_KEY or SETTINGS_INVALID naming the key. */
  apply(current: BackendSettings, patch: unknown): BackendSettings;
  /** A patch in the documented flat keys of BACKEND_SETTINGS (or namespaced), migrated like stored settings. */
  fromLegacy(input: unknown): Record<string, Record<string, unknown>>;
}

/**
 * A key's schema in a patch: no `default` (a patch never fills anything in), `null` allowed, and in a map (a
 * record, e.g. rate overrides per operation) `null` allowed per entry, to remove that one entry.
 */
function patchable(schema: TSchema): TSchema {
  const { default: _d, ...rest } = schema as TSchema & { default?: unknown; patternProperties?: Record<string, TSchema> };
  if (rest.patternProperties) {
    rest.patternProperties = Object.fromEntries(
      Object.entries(rest.patternProperties).map(([k, v]) => [k, Type.Union([v, Type.Null()])]),
    );
  }
  return Type.Union([rest as TSchema, Type.Null()]);
}

/** Clamps a number into its schema's bounds; undefined when that is not what was wrong. */
function clamp(schema: TSchema, value: unknown): number | undefined {
  const s = schema as { type?: string; minimum?: number; maximum?: number };
  if ((s.type !== 'integer' && s.type !== 'number') || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const v = s.type === 'integer' ? Math.round(value) : value;
  return Math.min(s.maximum ?? v, Math.max(s.minimum ?? v, v));
}

/** RFC 7386 merge patch of plain objects: `null` deletes, objects merge, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // A JSON body may carry an own "__proto__" key: never let it reach an object's prototype.
    if (k === '__proto__') continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Composes `namespaces` (core's and each flow's) into the settings model. */
export function composeBackendSettings(namespaces: readonly SettingsNamespace[]): BackendSettingsModel {
  const names = namespaces.map((n) => n.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate settings namespaces: ${names.join(', ')}`);
  const schema = Type.Object(Object.fromEntries(namespaces.map((n) => [n.name, n.schema])), { additionalProperties: false });
  const patchSchema = Type.Object(
    Object.fromEntries(
      namespaces.map((n) => [
        n.name,
        Type.Optional(
          Type.Object(
            Object.fromEntries(Object.entries(n.schema.properties).map(([k, s]) => [k, Type.Optional(patchable(s))])),
            { additionalProperties: false },
          ),
        ),
      ]),
    ),
    { additionalProperties: false },
  );
  const nsValidators = new Map(namespaces.map((n) => [n.name, Compile(n.schema)]));
  const keyValidators = new Map(
    namespaces.flatMap((n) => Object.entries(n.schema.properties).map(([k, s]) => [`${n.name}.${k}`, Compile(s)] as const)),
  );

  // Key by key (not Value.Default, which fails on a record that refuses unknown keys): a missing key gets a copy
  // of its default; nested values are complete as validated.
  const withDefaults = (n: SettingsNamespace, value: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...value };
    for (const [k, schema] of Object.entries(n.schema.properties)) {
      const fallback = (schema as { default?: unknown }).default;
      if (out[k] === undefined && fallback !== undefined) out[k] = Value.Clone(fallback);
      if (out[k] === undefined) delete out[k];
    }
    return out;
  };

  const model: BackendSettingsModel = {
    namespaces,
    schema,
    patchSchema,
    defaults: () => Object.fromEntries(namespaces.map((n) => [n.name, withDefaults(n, {})])),
    read(stored) {
      const migrated = migrateSettings(namespaces, stored);
      const dropped = [...migrated.unknown];
      const settings: Record<string, Record<string, unknown>> = {};
      for (const n of namespaces) {
        const kept: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(migrated.namespaces[n.name] ?? {})) {
          if (keyValidators.get(`${n.name}.${k}`)!.Check(v)) {
            kept[k] = v;
            continue;
          }
          dropped.push(`${n.name}.${k}`);
          const clamped = clamp(n.schema.properties[k]!, v);
          if (clamped !== undefined) kept[k] = clamped;
        }
        settings[n.name] = withDefaults(n, kept);
      }
      return { settings, dropped };
    },
    apply(current, patch) {
      if (!isPlainObject(patch)) throw new PermanentError('SETTINGS_INVALID', 'settings must be a JSON object', { problems: ['settings'] });
      const next: Record<string, Readonly<Record<string, unknown>>> = { ...current };
      for (const [name, part] of Object.entries(patch)) {
        const n = namespaces.find((x) => x.name === name);
        if (!n) throw unknownKey(name);
        if (part === null) {
          next[name] = withDefaults(n, {});
          continue;
        }
        if (!isPlainObject(part)) throw invalid([`${name}: must be an object`]);
        for (const k of Object.keys(part)) if (!Object.hasOwn(n.schema.properties, k)) throw unknownKey(`${name}.${k}`);
        const merged = withDefaults(n, mergePatch(current[name] ?? {}, part) as Record<string, unknown>);
        const check = nsValidators.get(name)!;
        if (!check.Check(merged)) {
          throw invalid(check.Errors(merged).map((e) => `${name}${e.instancePath.replace(/\//g, '.')}: ${e.message}`));
        }
        next[name] = merged;
      }
      return next;
    },
    fromLegacy(input) {
      if (!isPlainObject(input)) throw invalid(['settings: must be a JSON object']);
      const migrated = migrateSettings(namespaces, input);
      if (migrated.unknown.length) throw unknownKey(migrated.unknown[0]!);
      return migrated.namespaces;
    },
  };
  return model;
}

function unknownKey(path: string): PermanentError {
  // A key may be anything a client sent (one of 1 MB was seen): named, but cut short.
  const key = path.length > 100 ? `${path.slice(0, 100)}...` : path;
  return new PermanentError('SETTINGS_UNKNOWN_KEY', `unknown setting "${key}"`, { key });
}

function invalid(problems: string[]): PermanentError {
  return new PermanentError('SETTINGS_INVALID', `invalid settings: ${problems.join('; ')}`, { problems });
}
