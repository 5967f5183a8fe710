/** Terse field constructors and `defineModel`, which adds Odoo's magic fields (create/write date and user). */
import type { FieldDef, ModelDef } from './types.ts';

type Opts = Partial<FieldDef>;
export const char = (string: string, o: Opts = {}): FieldDef => ({ type: 'char', string, ...o });
export const text = (string: string, o: Opts = {}): FieldDef => ({ type: 'text', string, ...o });
export const html = (string: string, o: Opts = {}): FieldDef => ({ type: 'html', string, ...o });
export const int = (string: string, o: Opts = {}): FieldDef => ({ type: 'integer', string, default: 0, ...o });
export const float = (string: string, o: Opts = {}): FieldDef => ({ type: 'float', string, default: 0, ...o });
export const money = (string: string, o: Opts = {}): FieldDef => ({ type: 'monetary', string, default: 0, ...o });
export const bool = (string: string, o: Opts = {}): FieldDef => ({ type: 'boolean', string, default: false, ...o });
export const date = (string: string, o: Opts = {}): FieldDef => ({ type: 'date', string, ...o });
export const datetime = (string: string, o: Opts = {}): FieldDef => ({ type: 'datetime', string, ...o });
export const binary = (string: string, o: Opts = {}): FieldDef => ({ type: 'binary', string, ...o });
export const json = (string: string, o: Opts = {}): FieldDef => ({ type: 'json', string, ...o });
export const sel = (string: string, selection: Array<[string, string]>, o: Opts = {}): FieldDef =>
  ({ type: 'selection', string, selection, ...o });
export const m2o = (relation: string, string: string, o: Opts = {}): FieldDef =>
  ({ type: 'many2one', relation, string, ondelete: 'set null', ...o });
export const o2m = (relation: string, inverse: string, string: string, o: Opts = {}): FieldDef =>
  ({ type: 'one2many', relation, inverse, string, ...o });
export const m2m = (relation: string, string: string, o: Opts = {}): FieldDef => ({ type: 'many2many', relation, string, ...o });

export interface ModelSpec extends Partial<ModelDef> {
  name: string;
  description: string;
  fields: Record<string, FieldDef>;
}

/** Completes a model spec: table name from the model name, default order and display name, magic fields. */
export function defineModel(spec: ModelSpec): ModelDef {
  return {
    table: spec.name.replace(/\./g, '_'),
    displayName: spec.fields.name ? (a) => `${a}.name` : (a) => `'${spec.name},' || ${a}.id`,
    order: 'id',
    methods: {},
    ...spec,
    fields: {
      ...spec.fields,
      create_date: datetime('Created on', { readonly: true }),
      write_date: datetime('Last Updated on', { readonly: true }),
      create_uid: m2o('res.users', 'Created by', { readonly: true }),
      write_uid: m2o('res.users', 'Last Updated by', { readonly: true }),
    },
  };
}
