/**
 * `base.automation` (module `base_automation`): automation rules. A rule on `on_state_set` gets its
 * `filter_domain` ("[('state', '=', 'done')]") and `trigger_field_ids` (the model's `state` field) filled as
 * Odoo's computes do; its webhook actions are sent by ../automation/ when a record's state becomes the value.
 * Unlinking a rule deletes its actions (`base_automation_id` is `ondelete='cascade'`).
 */
import { syncRuleTriggers } from '../automation/rule-triggers.ts';
import { pyRepr } from '../automation/python-json.ts';
import { bool, char, datetime, defineModel, html, int, m2m, m2o, o2m, sel } from '../orm/define.ts';
import { validationError, valueError } from '../orm/errors.ts';
import { unlinkRecords } from '../orm/write.ts';
import type { Env, FieldDef, Json, ModelDef, Vals } from '../orm/types.ts';

/** Odoo 19's triggers, in its order. */
const TRIGGERS: Array<[string, string]> = [
  ['on_stage_set', 'Stage is set to'], ['on_user_set', 'User is set'], ['on_tag_set', 'Tag is added'],
  ['on_state_set', 'State is set to'], ['on_priority_set', 'Priority is set to'], ['on_archive', 'On archived'],
  ['on_unarchive', 'On unarchived'], ['on_create_or_write', 'On save'], ['on_create', 'On creation'], ['on_write', 'On update'],
  ['on_unlink', 'On deletion'], ['on_change', 'On UI change'], ['on_time', 'Based on date field'],
  ['on_time_created', 'After creation'], ['on_time_updated', 'After last update'], ['on_message_received', 'On incoming message'],
  ['on_message_sent', 'On outgoing message'], ['on_webhook', 'On webhook'],
];
/** The triggers the sandbox runs; the others are refused (Odoo would store them and run them). */
export const EMULATED_TRIGGERS = new Set(['on_state_set']);

const modelName: FieldDef['compute'] = async (env, ids) => {
  const r = await env.tx.query('SELECT a.id, m.model FROM base_automation a JOIN ir_model m ON m.id = a.model_id WHERE a.id = ANY($1)', [ids]);
  return new Map<number, Json>(r.rows.map((x) => [x.id as number, x.model as string]));
};
/** Odoo's `url`: the inbound URL of an `on_webhook` rule, '' for the others (which the sandbox emulates). */
const emptyUrl: FieldDef['compute'] = async (_env, ids) => new Map<number, Json>(ids.map((id) => [id, '']));

function checkTrigger(vals: Vals): void {
  if (vals.trigger !== undefined && !EMULATED_TRIGGERS.has(String(vals.trigger))) {
    throw valueError(`The ERP sandbox runs only automation rules with trigger ${[...EMULATED_TRIGGERS].join(', ')}, not ${JSON.stringify(vals.trigger)}.`);
  }
}

/** `on_state_set`: the selection value's domain and the model's `state` field, unless given (Odoo's computes). */
async function fillStateSet(env: Env, rows: Vals[]): Promise<void> {
  for (const r of rows) {
    if (r.trigger !== 'on_state_set' || typeof r.model_id !== 'number') continue;
    if (r.filter_domain === undefined && typeof r.trg_selection_field_id === 'number') {
      const s = await env.tx.query(
        'SELECT s.value, f.name FROM ir_model_fields_selection s JOIN ir_model_fields f ON f.id = s.field_id WHERE s.id = $1', [r.trg_selection_field_id]);
      if (s.rows[0]) r.filter_domain = `[(${pyRepr(s.rows[0].name as string)}, '=', ${pyRepr(s.rows[0].value as string)})]`;
    }
    if (r.trigger_field_ids === undefined) {
      const f = await env.tx.query(
        `SELECT id FROM ir_model_fields WHERE model_id = $1 AND ttype = 'selection' AND name IN ('state', 'x_studio_state') ORDER BY id LIMIT 1`, [r.model_id]);
      r.trigger_field_ids = [[6, 0, f.rows.map((x) => x.id as number)]];
    }
  }
}

/** Odoo's check that a rule's actions work on the rule's model. */
async function checkActionModels(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT s.name FROM ir_act_server s JOIN base_automation a ON a.id = s.base_automation_id WHERE a.id = ANY($1) AND s.model_id <> a.model_id ORDER BY s.id`, [ids]);
  if (r.rows.length) {
    throw validationError(`Target model of actions ${r.rows.map((x) => String(x.name)).join(', ')} are different from the automation's model.`);
  }
}

export const baseAutomation: ModelDef = defineModel({
  name: 'base.automation',
  description: 'Automation Rule',
  fields: {
    name: char('Automation Rule Name', { required: true }),
    description: html('Description'),
    model_id: m2o('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
    model_name: char('Model Name', { compute: modelName, readonly: true }),
    action_server_ids: o2m('ir.actions.server', 'base_automation_id', 'Actions'),
    url: char('Url', { compute: emptyUrl, readonly: true }),
    webhook_uuid: char('Webhook UUID', { readonly: true }),
    record_getter: char('Record Getter'),
    log_webhook_calls: bool('Log Calls'),
    active: bool('Active', { default: true }),
    trigger: sel('Trigger', TRIGGERS, { required: true }),
    trg_selection_field_id: m2o('ir.model.fields.selection', 'Trigger Field Value'),
    trg_date_id: m2o('ir.model.fields', 'Trigger Date'),
    trg_date_range: int('Delay'),
    trg_date_range_type: sel('Delay unit', [['minutes', 'Minutes'], ['hour', 'Hours'], ['day', 'Days'], ['month', 'Months']]),
    trigger_field_ids: m2m('ir.model.fields', 'Trigger Fields'),
    on_change_field_ids: m2m('ir.model.fields', 'On Change Fields Trigger'),
    filter_pre_domain: char('Before Update Domain'),
    filter_domain: char('Apply on'),
    last_run: datetime('Last Run', { readonly: true }),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) checkTrigger(r);
    await fillStateSet(env, rows);
  },
  async afterCreate(env, ids) {
    await checkActionModels(env, ids);
    await syncRuleTriggers(env);
  },
  async beforeWrite(_env, _ids, vals) {
    checkTrigger(vals);
  },
  async afterWrite(env, ids) {
    await checkActionModels(env, ids);
    await syncRuleTriggers(env);
  },
  methods: {
    async unlink(env, ids) {
      await unlinkRecords(env, baseAutomation, ids);
      await syncRuleTriggers(env);
      return true;
    },
  },
});

/** What `base_automation` adds to `ir.actions.server`: the rule an action belongs to, and its usage. */
export const BASE_AUTOMATION_ACTION_FIELDS: Record<string, FieldDef> = {
  base_automation_id: m2o('base.automation', 'Automation Rule', { ondelete: 'cascade', index: true }),
  usage: sel('Usage', [['ir_actions_server', 'Server Action'], ['ir_cron', 'Scheduled Action'], ['base_automation', 'Automation Rule']],
    { default: 'ir_actions_server', required: true }),
};
