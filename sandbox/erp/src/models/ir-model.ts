/**
 * Odoo's model introspection: `ir.model`, `ir.model.fields`, `ir.model.fields.selection`, one record per model,
 * field and selection value of the registry (what a webhook rule points at), kept in step with the registry at
 * start and when a module is installed (`syncIrModel`). Read-only over the API: custom models and fields are not
 * emulated.
 */
import type { PoolClient } from 'pg';
import { bool, char, defineModel, int, m2o, o2m, sel } from '../orm/define.ts';
import { valueError } from '../orm/errors.ts';
import type { FieldType, MethodImpl, Registry } from '../orm/types.ts';

const TTYPES: FieldType[] = ['binary', 'boolean', 'char', 'date', 'datetime', 'float', 'html', 'integer', 'json', 'many2many', 'many2one',
  'monetary', 'one2many', 'selection', 'text'];
const refuse = (model: string): MethodImpl => async () => {
  throw valueError(`The ERP sandbox does not emulate custom models and fields: ${model} is read-only.`);
};
const readOnly = (model: string) => ({ create: refuse(model), write: refuse(model), unlink: refuse(model) });

export const irModel = defineModel({
  name: 'ir.model',
  description: 'Models',
  order: 'model',
  fields: {
    name: char('Model Description', { required: true }),
    model: char('Model', { required: true }),
    info: char('Information'),
    state: sel('Type', [['manual', 'Custom Object'], ['base', 'Base Object']], { default: 'base' }),
    transient: bool('Transient Model'),
    field_id: o2m('ir.model.fields', 'model_id', 'Fields'),
  },
  methods: readOnly('ir.model'),
});

export const irModelFields = defineModel({
  name: 'ir.model.fields',
  description: 'Fields',
  order: 'name',
  fields: {
    name: char('Field Name', { required: true }),
    model: char('Model Name', { required: true }),
    model_id: m2o('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
    field_description: char('Field Label', { required: true }),
    ttype: sel('Field Type', TTYPES.map((t) => [t, t])),
    relation: char('Related Model'),
    relation_field: char('Relation Field'),
    required: bool('Required'),
    readonly: bool('Readonly'),
    store: bool('Stored', { default: true }),
    index: bool('Indexed'),
    state: sel('Type', [['manual', 'Custom Field'], ['base', 'Base Field']], { default: 'base' }),
    selection_ids: o2m('ir.model.fields.selection', 'field_id', 'Selection Options'),
  },
  displayName: (a) => `${a}.field_description || ' (' || ${a}.model || ')'`,
  methods: readOnly('ir.model.fields'),
});

export const irModelFieldsSelection = defineModel({
  name: 'ir.model.fields.selection',
  description: 'Fields Selection',
  order: 'sequence, id',
  fields: {
    field_id: m2o('ir.model.fields', 'Field', { required: true, ondelete: 'cascade' }),
    value: char('Value', { required: true }),
    name: char('Name', { required: true }),
    sequence: int('Sequence', { default: 1000 }),
  },
  methods: readOnly('ir.model.fields.selection'),
});

/** Odoo's magic fields every model lists besides its own. */
const MAGIC_FIELDS: Array<{ name: string; ttype: FieldType; label: string }> = [
  { name: 'id', ttype: 'integer', label: 'ID' },
  { name: 'display_name', ttype: 'char', label: 'Display Name' },
];

/**
 * Adds the records of the models, fields and selection values the registry has and the database does not (ids
 * stay stable across restarts; a field a module adds gets the next id, as in Odoo).
 */
export async function syncIrModel(tx: PoolClient, registry: Registry): Promise<void> {
  await tx.query('CREATE UNIQUE INDEX IF NOT EXISTS ir_model_model_uniq ON ir_model (model)');
  await tx.query('CREATE UNIQUE INDEX IF NOT EXISTS ir_model_fields_model_name_uniq ON ir_model_fields (model, name)');
  await tx.query('CREATE UNIQUE INDEX IF NOT EXISTS ir_model_fields_selection_field_value_uniq ON ir_model_fields_selection (field_id, value)');
  const models = [...registry.models.values()];
  await tx.query(
    `INSERT INTO ir_model (name, model, state, transient) SELECT d, m, 'base', false FROM unnest($1::text[], $2::text[]) AS x(m, d)
     ON CONFLICT (model) DO NOTHING`,
    [models.map((m) => m.name), models.map((m) => m.description)],
  );
  const fields = models.flatMap((m) => [
    ...MAGIC_FIELDS.map((f) => ({ model: m.name, name: f.name, ttype: f.ttype, label: f.label, relation: null, required: false, readonly: true, store: f.name === 'id' })),
    ...Object.entries(m.fields).map(([name, f]) => ({
      model: m.name, name, ttype: f.type, label: f.string, relation: f.relation ?? null, required: !!f.required,
      readonly: !!f.readonly || (!!f.compute && !f.inverseWrite), store: !f.compute || !!f.store,
    })),
  ]);
  await tx.query(
    `INSERT INTO ir_model_fields (name, model, model_id, field_description, ttype, relation, required, readonly, store, index, state)
     SELECT x.name, x.model, im.id, x.label, x.ttype, x.relation, x.required, x.readonly, x.store, false, 'base'
       FROM jsonb_to_recordset($1::jsonb) AS x(name text, model text, label text, ttype text, relation text, required boolean, readonly boolean, store boolean)
       JOIN ir_model im ON im.model = x.model
     ON CONFLICT (model, name) DO NOTHING`,
    [JSON.stringify(fields)],
  );
  const options = models.flatMap((m) => Object.entries(m.fields).flatMap(([name, f]) =>
    f.type === 'selection' && f.selection ? f.selection.map(([value, label], i) => ({ model: m.name, name, value, label, seq: i })) : []));
  await tx.query(
    `INSERT INTO ir_model_fields_selection (field_id, value, name, sequence)
     SELECT f.id, x.value, x.label, x.seq FROM jsonb_to_recordset($1::jsonb) AS x(model text, name text, value text, label text, seq int)
       JOIN ir_model_fields f ON f.model = x.model AND f.name = x.name
     ORDER BY f.id, x.seq
     ON CONFLICT (field_id, value) DO NOTHING`,
    [JSON.stringify(options)],
  );
}
