/**
 * Runs the automation rules on what the call's transaction wrote (the events ./rule-triggers.ts captured), just
 * before it commits, as Odoo runs them inside the write: which records reached the rule's state, and for each the
 * webhook bodies built from the record as it was at that moment. The POSTs themselves go after the commit
 * (./webhook-send.ts), so a call that fails sends nothing.
 */
import { userError } from '../orm/errors.ts';
import type { Env, Json, ModelDef } from '../orm/types.ts';
import { pyDumps } from './python-json.ts';
import { webhookValues, type RowSnapshot } from './webhook-values.ts';

/** One POST to send once the transaction committed. */
export interface WebhookPost {
  url: string;
  /** The body exactly as sent (Python's json.dumps, sorted keys). */
  body: string;
  actionId: number;
  model: string;
  recordId: number;
}

/**
 * Models whose `state` Odoo computes from other records (a transfer's from its moves): the rule runs while the
 * state is recomputed, before the rest of the validation is written, so the payload shows the record as it was
 * with only its new state (`date_done` still false, `write_date` the previous one), as webhook-captured.jsonl shows.
 */
const COMPUTED_STATE = new Set(['stock.picking']);

interface Rule {
  id: number;
  model: string;
  triggerFields: string[];
  selField: string | null;
  selValue: string | null;
}

interface Action {
  id: number;
  rule: number;
  name: string;
  url: string | null;
  fields: string[];
}

/** The webhook POSTs the rules give for this transaction's writes (and forgets the events). */
export async function collectWebhooks(env: Env): Promise<WebhookPost[]> {
  if (!env.registry.modules.has('base_automation')) return [];
  const ev = await env.tx.query(
    'DELETE FROM sandbox_automation_event WHERE txid = txid_current() RETURNING id, model, record_id, op, old_row, new_row');
  if (ev.rows.length === 0) return [];
  const events = ev.rows.sort((a, b) => Number(a.id) - Number(b.id));
  const { rules, actions } = await activeRules(env);
  const posts: WebhookPost[] = [];
  // Odoo's `__action_done`: a rule acts on a record at most once per transaction
  const done = new Set<string>();
  for (const e of events) {
    const model = env.registry.models.get(e.model as string);
    if (!model) continue;
    for (const rule of rules) {
      if (rule.model !== model.name) continue;
      const key = `${rule.id}:${e.record_id as number}`;
      if (done.has(key) || !fires(model, rule, e.op as string, e.old_row as RowSnapshot | null, e.new_row as RowSnapshot)) continue;
      done.add(key);
      const row = snapshot(model, rule, e.op as string, e.old_row as RowSnapshot | null, e.new_row as RowSnapshot);
      for (const a of actions.filter((x) => x.rule === rule.id)) posts.push(await webhookPost(env, model, a, e.record_id as number, row));
    }
  }
  return posts;
}

const col = (model: ModelDef, field: string) => model.fields[field]?.column ?? field;
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `on_state_set`: created in the state, or one of the trigger fields changed and the state is now the value. */
function fires(model: ModelDef, rule: Rule, op: string, oldRow: RowSnapshot | null, newRow: RowSnapshot): boolean {
  if (rule.selField && newRow[col(model, rule.selField)] !== rule.selValue) return false;
  if (op === 'create') return true;
  return rule.triggerFields.some((f) => !same(oldRow?.[col(model, f)], newRow[col(model, f)]));
}

function snapshot(model: ModelDef, rule: Rule, op: string, oldRow: RowSnapshot | null, newRow: RowSnapshot): RowSnapshot {
  if (op !== 'write' || !oldRow || !COMPUTED_STATE.has(model.name)) return newRow;
  const row = { ...oldRow };
  for (const f of rule.triggerFields) row[col(model, f)] = newRow[col(model, f)]!;
  return row;
}

/** Odoo's `_run_action_webhook`: `_model`, `_id`, `_action` and the chosen fields, `json.dumps(sort_keys=True, default=str)`. */
async function webhookPost(env: Env, model: ModelDef, a: Action, id: number, row: RowSnapshot): Promise<WebhookPost> {
  if (!a.url) throw userError("I'll be happy to send a webhook for you, but you really need to give me a URL to reach out to...");
  const vals = { _model: model.name, _id: id, _action: `${a.name}(#${a.id})` };
  const values = a.fields.length ? await webhookValues(env, model, id, row, a.fields) : {};
  return { url: a.url, body: pyDumps({ ...vals, ...values }, { sortKeys: true }), actionId: a.id, model: model.name, recordId: id };
}

async function activeRules(env: Env): Promise<{ rules: Rule[]; actions: Action[] }> {
  const r = await env.tx.query(
    `SELECT a.id, m.model, a.trigger_field_ids, sf.name AS sel_field, s.value AS sel_value
       FROM base_automation a JOIN ir_model m ON m.id = a.model_id
       LEFT JOIN ir_model_fields_selection s ON s.id = a.trg_selection_field_id LEFT JOIN ir_model_fields sf ON sf.id = s.field_id
      WHERE a.active IS TRUE AND a.trigger = 'on_state_set' ORDER BY a.id`);
  const ruleIds = r.rows.map((x) => x.id as number);
  const acts = await env.tx.query(
    `SELECT id, base_automation_id AS rule, name, webhook_url AS url, webhook_field_ids FROM ir_act_server
      WHERE base_automation_id = ANY($1) AND state = 'webhook' ORDER BY sequence, name, id`, [ruleIds]);
  const fieldIds = [...r.rows.flatMap((x) => (x.trigger_field_ids as number[]) ?? []), ...acts.rows.flatMap((x) => (x.webhook_field_ids as number[]) ?? [])];
  const names = new Map((await env.tx.query('SELECT id, name FROM ir_model_fields WHERE id = ANY($1)', [fieldIds])).rows.map((x) => [x.id as number, x.name as string]));
  const nameOf = (ids: number[] | null) => (ids ?? []).map((id) => names.get(id)).filter((n): n is string => !!n);
  return {
    rules: r.rows.map((x) => ({ id: x.id as number, model: x.model as string, triggerFields: nameOf(x.trigger_field_ids as number[]),
      selField: (x.sel_field as string | null) ?? null, selValue: (x.sel_value as string | null) ?? null })),
    actions: acts.rows.map((x) => ({ id: x.id as number, rule: x.rule as number, name: String(x.name ?? ''), url: (x.url as string | null) || null,
      fields: nameOf(x.webhook_field_ids as number[]) })),
  };
}
