/** `fields_get`: each field's type, label and properties, the way a mapping editor lists ERP fields. */
import type { Json, ModelDef } from './types.ts';

/** Describes the model's fields (all or `allfields`), with all attributes or only `attributes`. */
export function fieldsGet(model: ModelDef, allfields: string[] | null, attributes: string[] | null): Record<string, Json> {
  const out: Record<string, Json> = {};
  const entries = Object.entries(model.fields).filter(([n]) => !allfields || allfields.length === 0 || allfields.includes(n));
  const all: Array<[string, Record<string, Json>]> = entries.map(([name, f]) => {
    const d: Record<string, Json> = {
      type: f.type, string: f.string, required: !!f.required, readonly: !!f.readonly || !!f.compute,
      store: !f.compute && f.type !== 'one2many' ? true : f.type === 'one2many', searchable: !f.compute, sortable: !f.compute && f.type !== 'one2many' && f.type !== 'many2many',
      name,
    };
    if (f.relation) d.relation = f.relation;
    if (f.inverse) d.relation_field = f.inverse;
    if (f.selection) d.selection = f.selection;
    return [name, d];
  });
  if (!allfields || allfields.length === 0 || allfields.includes('id')) {
    all.unshift(['id', { type: 'integer', string: 'ID', required: false, readonly: true, store: true, searchable: true, sortable: true, name: 'id' }]);
  }
  if (!allfields || allfields.length === 0 || allfields.includes('display_name')) {
    all.push(['display_name', { type: 'char', string: 'Display Name', required: false, readonly: true, store: false, searchable: true, sortable: false, name: 'display_name' }]);
  }
  for (const [name, d] of all) {
    out[name] = attributes && attributes.length ? Object.fromEntries(Object.entries(d).filter(([k]) => attributes.includes(k))) : d;
  }
  return out;
}
