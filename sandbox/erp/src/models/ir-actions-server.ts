/**
 * `ir.actions.server` (Odoo's base module): server actions. The sandbox runs only the `webhook` kind (a POST of the
 * record's chosen fields, sent by ../automation/ when an automation rule fires); other kinds are refused rather
 * than stored and silently never run.
 */
import { pyDumps, type PyValue } from '../automation/python-json.ts';
import { currentRow, webhookValues } from '../automation/webhook-values.ts';
import { char, defineModel, int, m2m, m2o, sel, text } from '../orm/define.ts';
import { valueError } from '../orm/errors.ts';
import { searchIds } from '../orm/read.ts';
import type { Env, FieldDef, Json, Vals } from '../orm/types.ts';

/** Odoo's `WEBHOOK_SAMPLE_VALUES`: what the sample payload shows for a field when the model has no record yet. */
const WEBHOOK_SAMPLE_VALUES: Record<string, PyValue> = {
  integer: 42, float: 42.42, monetary: 42.42, char: 'Hello World', text: 'Hello World', html: '<p>Hello World</p>',
  boolean: true, selection: 'option1', date: '2020-01-01', datetime: '2020-01-01 00:00:00', binary: '<base64_data>',
  many2one: 47, many2many: [42, 47], one2many: [42, 47], reference: 'res.partner,42',
};

export const ACTION_STATES: Array<[string, string]> = [
  ['object_write', 'Update Record'], ['object_create', 'Create Record'], ['object_copy', 'Duplicate Record'],
  ['code', 'Execute Code'], ['webhook', 'Send Webhook Notification'], ['multi', 'Multi Actions'],
  ['mail_post', 'Send Email'], ['followers', 'Add Followers'], ['remove_followers', 'Remove Followers'],
  ['next_activity', 'Create Activity'],
];

/** Refuses what the sandbox does not run (Odoo would store it and run it). */
function checkEmulated(vals: Vals): void {
  if (vals.state !== undefined && vals.state !== 'webhook') {
    throw valueError(`The ERP sandbox runs only webhook server actions (state 'webhook'), not ${JSON.stringify(vals.state)}.`);
  }
}

/** The model name of each action's `model_id`. */
const modelName: FieldDef['compute'] = async (env, ids) => {
  const r = await env.tx.query(`SELECT a.id, m.model FROM ir_act_server a JOIN ir_model m ON m.id = a.model_id WHERE a.id = ANY($1)`, [ids]);
  return new Map<number, Json>(r.rows.map((x) => [x.id as number, x.model as string]));
};

/** Odoo's `_compute_webhook_sample_payload`: the first record of the model (else sample values), indented JSON. */
const samplePayload: FieldDef['compute'] = async (env, ids) => {
  const r = await env.tx.query(
    `SELECT a.id, a.name, a.state, m.model, a.webhook_field_ids FROM ir_act_server a JOIN ir_model m ON m.id = a.model_id WHERE a.id = ANY($1)`, [ids]);
  const out = new Map<number, Json>();
  for (const a of r.rows) {
    if (a.state !== 'webhook') {
      out.set(a.id as number, false);
      continue;
    }
    const payload: Record<string, PyValue> = { _id: 1, _model: a.model as string, _action: `${a.name as string}(#${a.id as number})` };
    const fields = await env.tx.query(`SELECT name, ttype FROM ir_model_fields WHERE id = ANY($1) ORDER BY array_position($1, id)`, [a.webhook_field_ids ?? []]);
    const model = env.registry.models.get(a.model as string);
    if (model && fields.rows.length) {
      const [sampleId] = await searchIds({ ...env, context: { ...env.context, active_test: false } }, model, [], { limit: 1 });
      const row = sampleId === undefined ? null : await currentRow(env, model, sampleId);
      if (sampleId !== undefined && row) {
        payload._id = sampleId;
        Object.assign(payload, await webhookValues(env, model, sampleId, row, fields.rows.map((f) => f.name as string)));
      } else {
        for (const f of fields.rows) payload[f.name as string] = WEBHOOK_SAMPLE_VALUES[f.ttype as string] ?? 'some_data';
      }
    }
    out.set(a.id as number, pyDumps(payload, { sortKeys: true, indent: 4 }));
  }
  return out;
};

export const irActionsServer = defineModel({
  name: 'ir.actions.server',
  description: 'Server Actions',
  table: 'ir_act_server',
  order: 'sequence, name, id',
  fields: {
    name: char('Action Name'),
    type: char('Action Type', { default: 'ir.actions.server', readonly: true }),
    usage: sel('Usage', [['ir_actions_server', 'Server Action'], ['ir_cron', 'Scheduled Action']], { default: 'ir_actions_server', required: true }),
    state: sel('Type', ACTION_STATES, { default: 'object_write', required: true }),
    sequence: int('Sequence', { default: 5 }),
    model_id: m2o('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
    model_name: char('Model Name', { compute: modelName, readonly: true }),
    binding_model_id: m2o('ir.model', 'Binding Model', { ondelete: 'cascade' }),
    binding_type: sel('Binding Type', [['action', 'Action'], ['report', 'Report']], { default: 'action', required: true }),
    code: text('Python Code'),
    webhook_url: char('Webhook URL'),
    webhook_field_ids: m2m('ir.model.fields', 'Webhook Fields'),
    webhook_sample_payload: text('Sample Payload', { compute: samplePayload, readonly: true }),
  },
  async prepareCreate(env: Env, rows: Vals[]) {
    for (const r of rows) {
      checkEmulated({ state: r.state ?? 'object_write' });
      if (r.name === undefined || r.name === false) r.name = ACTION_STATES.find(([k]) => k === (r.state ?? 'object_write'))?.[1] ?? '';
      // an action created from an automation rule belongs to it: its model and usage follow the rule's
      if (typeof r.base_automation_id === 'number') {
        if (r.usage === undefined) r.usage = 'base_automation';
        if (r.model_id === undefined) {
          const m = await env.tx.query('SELECT model_id FROM base_automation WHERE id = $1', [r.base_automation_id]);
          if (m.rows[0]) r.model_id = m.rows[0].model_id as number;
        }
      }
    }
  },
  async beforeWrite(_env, _ids, vals) {
    checkEmulated(vals);
  },
});
