/**
 * `fields_get`: each field's description with Odoo's attributes — type, string, required, readonly, store,
 * searchable, sortable, groupable, relation / relation_field, selection, digits, currency_field, name — the way a
 * mapping editor lists ERP fields. A field Odoo computes without storing is `store: false`; searchable when Odoo
 * gives it a search method (here: an SQL expression); sortable and groupable only when stored.
 */
import type { FieldDef, Json, ModelDef } from './types.ts';
import { fieldDigits } from './values.ts';

/** The description of one field. */
function describe(name: string, f: FieldDef): Record<string, Json> {
  const x2many = f.type === 'one2many' || f.type === 'many2many';
  const store = f.compute ? !!f.store : true;
  const d: Record<string, Json> = {
    type: f.type,
    string: f.string,
    required: !!f.required,
    readonly: !!f.readonly || (!!f.compute && !f.inverseWrite),
    store,
    searchable: store || !!f.sql,
    sortable: store && !x2many && f.type !== 'binary',
    groupable: store && f.type !== 'one2many' && f.type !== 'binary' && f.type !== 'text' && f.type !== 'html',
    name,
  };
  if (f.relation) d.relation = f.relation;
  if (f.inverse) d.relation_field = f.inverse;
  if (f.selection) d.selection = f.selection;
  const digits = fieldDigits(f);
  if (digits) d.digits = digits;
  if (f.type === 'monetary') d.currency_field = f.currencyField ?? 'currency_id';
  return d;
}

const MAGIC: Record<string, Record<string, Json>> = {
  id: { type: 'integer', string: 'ID', required: false, readonly: true, store: true, searchable: true, sortable: true, groupable: true, name: 'id' },
  display_name: { type: 'char', string: 'Display Name', required: false, readonly: true, store: false, searchable: true, sortable: false, groupable: false, name: 'display_name' },
};

/** Describes the model's fields (all or `allfields`), with all attributes or only `attributes`. */
export function fieldsGet(model: ModelDef, allfields: string[] | null, attributes: string[] | null): Record<string, Json> {
  const wanted = (n: string) => !allfields || allfields.length === 0 || allfields.includes(n);
  const all: Array<[string, Record<string, Json>]> = Object.entries(model.fields).filter(([n]) => wanted(n)).map(([n, f]) => [n, describe(n, f)]);
  if (wanted('id')) all.unshift(['id', MAGIC.id!]);
  if (wanted('display_name')) all.push(['display_name', MAGIC.display_name!]);
  const out: Record<string, Json> = {};
  for (const [name, d] of all) {
    out[name] = attributes && attributes.length ? Object.fromEntries(Object.entries(d).filter(([k]) => attributes.includes(k))) : d;
  }
  return out;
}
