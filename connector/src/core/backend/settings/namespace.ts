/**
 * A settings namespace: one part of a backend's settings, declared by the code that reads it (a flow, or a core
 * piece such as the quota gate). Namespaces are composed into the one settings schema (compose.ts); core never
 * lists the flows' namespaces itself, the caller hands them in.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';

/** Parsed settings: one object per namespace, every key present (defaults filled). */
export type BackendSettings = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface SettingsNamespace<P extends TProperties = TProperties> {
  readonly name: string;
  /** Strict: unknown keys are refused on write. Every key has a default or is optional. */
  readonly schema: TObject<P>;
  /**
   * Earlier names of this namespace's keys, old name -> current name: the keys of the flat shape stored before
   * namespaces existed (and accepted in BACKEND_SETTINGS), and keys renamed since. Reads migrate them.
   */
  readonly formerKeys: Readonly<Record<string, keyof P & string>>;
  /** This namespace's part of parsed settings, typed (the composed model validated it when reading). */
  of(settings: BackendSettings): Static<TObject<P>>;
}

export interface NamespaceDefinition<P extends TProperties> {
  name: string;
  description: string;
  properties: P;
  formerKeys?: Record<string, keyof P & string>;
}

function hasDefault(s: TSchema): boolean {
  return 'default' in s || (s as { '~optional'?: boolean })['~optional'] === true;
}

/** Declares a namespace; throws at start-up when a key has neither a default nor is optional. */
export function defineSettingsNamespace<P extends TProperties>(def: NamespaceDefinition<P>): SettingsNamespace<P> {
  if (!/^[a-z][A-Za-z0-9]*$/.test(def.name)) throw new Error(`settings namespace name "${def.name}" is not camelCase`);
  for (const [key, schema] of Object.entries(def.properties)) {
    if (!hasDefault(schema)) throw new Error(`setting ${def.name}.${key} needs a default or must be optional`);
  }
  const schema = Type.Object(def.properties, { additionalProperties: false, description: def.description });
  return {
    name: def.name,
    schema,
    formerKeys: def.formerKeys ?? {},
    of: (settings) => (settings[def.name] ?? {}) as Static<TObject<P>>,
  };
}
