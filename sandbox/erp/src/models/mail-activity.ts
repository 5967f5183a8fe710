/**
 * Activities (mail): `mail.activity.type` and `mail.activity`, as Odoo 19 (and 18) keep them. An activity is
 * linked to a document by `res_model_id` (ir.model) / `res_model` and `res_id`, has a type, an assignee (`user_id`),
 * a due date (`date_deadline`), a `summary` and a `note`. `action_feedback(feedback=...)` / `action_done` mark it
 * done: a message is posted on the document and the activity is ARCHIVED (`active` false, `date_done` set, the
 * feedback kept), so it is found again only with `active_test: false` (Odoo 17 unlinked it instead). `action_cancel`
 * deletes open ones. `activity_schedule` (mail.activity.mixin) is on the thread models (thread-activity.ts).
 */
import { bool, char, date, defineModel, html, int, m2o, sel, text } from '../orm/define.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import { validationError, valueError } from '../orm/errors.ts';
import { ensureExist, missingError } from '../orm/write.ts';
import type { Env, Json, Vals } from '../orm/types.ts';

/** The call's "today" (Odoo's `fields.Date.context_today`; the sandbox's users have no time zone: UTC). */
export const today = (env: Env): string => env.now.toISOString().slice(0, 10);

export const mailActivityType = defineModel({
  name: 'mail.activity.type',
  description: 'Activity Type',
  order: 'sequence, id',
  fields: {
    name: char('Name', { required: true }),
    summary: char('Default Summary'),
    sequence: int('Sequence', { default: 10 }),
    active: bool('Active', { default: true }),
    delay_count: int('Schedule'),
    delay_unit: sel('Delay units', [['days', 'days'], ['weeks', 'weeks'], ['months', 'months']], { default: 'days', required: true }),
    delay_from: sel('Delay Type', [['current_date', 'after completion date'], ['previous_activity', 'after previous activity deadline']], { default: 'previous_activity', required: true }),
    icon: char('Icon'),
    decoration_type: sel('Decoration Type', [['warning', 'Alert'], ['danger', 'Error']]),
    res_model: char('Model'),
    category: sel('Action', [['default', 'None'], ['upload_file', 'Upload Document'], ['phonecall', 'Phonecall']], { default: 'default' }),
    chaining_type: sel('Chaining Type', [['suggest', 'Suggest Next Activity'], ['trigger', 'Trigger Next Activity']], { default: 'suggest', required: true }),
    default_user_id: m2o('res.users', 'Default User'),
    default_note: html('Default Note'),
    // Odoo 18+: whether the activity view shows done activities of this type (done ones are archived either way)
    keep_done: bool('Keep Done'),
  },
});

/** The standard types the `mail` module installs (its xml ids), seeded once into any database (ensureActivityTypes). */
const STANDARD_TYPES: Array<{ xmlid: string; name: string; icon: string; sequence: number; delay_count: number; category: string; decoration_type?: string }> = [
  { xmlid: 'mail_activity_data_todo', name: 'To-Do', icon: 'fa-check', sequence: 3, delay_count: 5, category: 'default' },
  { xmlid: 'mail_activity_data_email', name: 'Email', icon: 'fa-envelope', sequence: 5, delay_count: 0, category: 'default' },
  { xmlid: 'mail_activity_data_call', name: 'Call', icon: 'fa-phone', sequence: 6, delay_count: 2, category: 'phonecall' },
  { xmlid: 'mail_activity_data_upload_document', name: 'Upload Document', icon: 'fa-upload', sequence: 25, delay_count: 5, category: 'upload_file' },
  { xmlid: 'mail_activity_data_warning', name: 'Exception', icon: 'fa-warning', sequence: 99, delay_count: 0, category: 'default', decoration_type: 'warning' },
];

/** Seeds the standard activity types (and their `mail.*` xml ids) when the database has none (new or older databases). */
export async function ensureActivityTypes(tx: Env['tx']): Promise<void> {
  if ((await tx.query('SELECT 1 FROM mail_activity_type LIMIT 1')).rowCount) return;
  for (const t of STANDARD_TYPES) {
    const r = await tx.query(
      `INSERT INTO mail_activity_type (name, icon, sequence, delay_count, delay_unit, delay_from, category, chaining_type, decoration_type, active, keep_done)
       VALUES ($1, $2, $3, $4, 'days', 'previous_activity', $5, 'suggest', $6, true, false) RETURNING id`,
      [t.name, t.icon, t.sequence, t.delay_count, t.category, t.decoration_type ?? null]);
    await tx.query(`INSERT INTO ir_model_data (name, module, model, res_id) VALUES ($1, 'mail', 'mail.activity.type', $2)`, [t.xmlid, r.rows[0].id]);
  }
}

const STATES: Array<[string, string]> = [['overdue', 'Overdue'], ['today', 'Today'], ['planned', 'Planned'], ['done', 'Done']];

export const mailActivity = defineModel({
  name: 'mail.activity',
  description: 'Activity',
  order: 'date_deadline, id',
  fields: {
    res_model_id: m2o('ir.model', 'Document Model', { index: true, ondelete: 'cascade' }),
    res_model: char('Related Document Model', { index: true }),
    res_id: int('Related Document ID', { index: true, default: undefined }),
    res_name: char('Document Name', { readonly: true }),
    activity_type_id: m2o('mail.activity.type', 'Activity Type', { ondelete: 'restrict' }),
    summary: char('Summary'),
    note: html('Note'),
    date_deadline: date('Due Date', { required: true, index: true, default: (env: Env) => today(env) }),
    date_done: date('Done Date', { readonly: true }),
    feedback: text('Feedback'),
    automated: bool('Automated activity', { readonly: true }),
    // Odoo 17/18 default the assignee to the current user
    user_id: m2o('res.users', 'Assigned to', { index: true, ondelete: 'cascade', default: (env: Env) => env.uid }),
    active: bool('Active', { default: true }),
    state: sel('State', STATES, { readonly: true, compute: async (env, ids) => activityStates(env, ids) }),
  },
  displayName: (a) => `coalesce(${a}.summary, '')`,
  prepareCreate: async (env, rows) => {
    for (const r of rows) await linkDocument(env, r);
  },
  afterCreate: async (env, ids) => {
    const r = await env.tx.query('SELECT DISTINCT res_model FROM mail_activity WHERE id = ANY($1) AND res_model IS NOT NULL', [ids]);
    for (const { res_model: model } of r.rows as Array<{ res_model: string }>) {
      const m = getModel(env, model);
      await env.tx.query(`UPDATE mail_activity a SET res_name = (SELECT ${m.displayName('d')} FROM ${m.table} d WHERE d.id = a.res_id)
        WHERE a.id = ANY($1) AND a.res_model = $2`, [ids, model]);
    }
  },
  // archiving by hand sets the done date, unarchiving clears it (Odoo's `_compute_date_done`, depends on active)
  afterWrite: async (env, ids, vals) => {
    if (vals.active === undefined) return;
    await env.tx.query(`UPDATE mail_activity SET date_done = CASE WHEN active THEN NULL ELSE coalesce(date_done, $2::date) END WHERE id = ANY($1)`, [ids, today(env)]);
  },
  methods: {
    action_feedback: async (env, ids, kw) => feedbackDone(env, ids, typeof kw.feedback === 'string' ? kw.feedback : null),
    // the web button: the open ones only
    action_done: async (env, ids) => {
      const open = await env.tx.query('SELECT id FROM mail_activity WHERE id = ANY($1) AND active ORDER BY id', [ids]);
      return feedbackDone(env, open.rows.map((x) => x.id as number), null);
    },
    action_cancel: async (env, ids) => {
      await env.tx.query('DELETE FROM mail_activity WHERE id = ANY($1) AND active', [ids]);
      return true;
    },
  },
});

/**
 * Fills `res_model` from `res_model_id` (or `res_model_id` from `res_model`, as Odoo's `default_get` does), the
 * default type (the first by sequence for the model), and checks Odoo's two constraints and the document.
 */
async function linkDocument(env: Env, r: Vals): Promise<void> {
  if (typeof r.res_model_id === 'number') {
    const m = await env.tx.query('SELECT model FROM ir_model WHERE id = $1', [r.res_model_id]);
    if (!m.rowCount) throw missingError(env, 'ir.model', r.res_model_id);
    r.res_model = m.rows[0].model as string;
  } else if (typeof r.res_model === 'string' && r.res_model) {
    const m = await env.tx.query('SELECT id FROM ir_model WHERE model = $1', [r.res_model]);
    if (!m.rowCount) throw valueError(`Invalid model name '${r.res_model}'`);
    r.res_model_id = m.rows[0].id as number;
  }
  const model = typeof r.res_model === 'string' && r.res_model ? r.res_model : null;
  const resId = typeof r.res_id === 'number' ? r.res_id : 0;
  if ((model !== null) !== (resId !== 0)) throw validationError('The operation cannot be completed: Activities have to be linked to records with a not null res_id.');
  if (model === null && r.user_id === false) throw validationError('The operation cannot be completed: Activities must be assigned if not attached to a document.');
  if (model !== null) await ensureExist(env, getModel(env, model), [resId]);
  if (r.activity_type_id === undefined) {
    const t = await env.tx.query('SELECT id FROM mail_activity_type WHERE active AND (res_model IS NULL OR res_model = $1) ORDER BY sequence, id LIMIT 1', [model]);
    r.activity_type_id = (t.rows[0]?.id as number | undefined) ?? false;
  }
}

/** Odoo's `_compute_state`: done when archived, else the due date against today. */
async function activityStates(env: Env, ids: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(
    `SELECT id, CASE WHEN NOT active THEN 'done' WHEN date_deadline < $2::date THEN 'overdue' WHEN date_deadline = $2::date THEN 'today' ELSE 'planned' END AS s
       FROM mail_activity WHERE id = ANY($1)`, [ids, today(env)]);
  return new Map(r.rows.map((x) => [x.id as number, x.s as string]));
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Odoo's `_action_done`: for each activity a message on its document (subtype Activities, naming the type, the
 * summary and the feedback), then the activity archived with its `date_done` (the first one kept) and feedback.
 * Answers the first message's id (false when none was posted), as `action_feedback` does.
 */
async function feedbackDone(env: Env, ids: number[], feedback: string | null): Promise<Json> {
  await ensureExist(env, getModel(env, 'mail.activity'), ids);
  const acts = await env.tx.query(
    `SELECT a.id, a.res_model, a.res_id, a.summary, t.name AS type FROM mail_activity a LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
      WHERE a.id = ANY($1) ORDER BY a.id`, [ids]);
  const author = await env.tx.query('SELECT partner_id FROM res_users WHERE id = $1', [env.uid]);
  const messages: number[] = [];
  for (const a of acts.rows as Array<{ id: number; res_model: string | null; res_id: number | null; summary: string | null; type: string | null }>) {
    if (!a.res_model || !a.res_id) continue;
    const body = [`<p>${escapeHtml(a.type ?? 'Activity')} done</p>`, a.summary ? `<p>${escapeHtml(a.summary)}</p>` : '',
      feedback ? `<p>Feedback: ${escapeHtml(feedback)}</p>` : ''].join('');
    const [id] = await createRecords(env, getModel(env, 'mail.message'), [{
      model: a.res_model, res_id: a.res_id, body, message_type: 'notification', subtype: 'Activities',
      author_id: (author.rows[0]?.partner_id as number | undefined) ?? false,
    }]);
    messages.push(id!);
  }
  await env.tx.query(
    `UPDATE mail_activity SET active = false, date_done = coalesce(date_done, $2::date), feedback = coalesce($3, feedback),
       write_date = $4, write_uid = $5 WHERE id = ANY($1)`, [ids, today(env), feedback, env.now, env.uid]);
  return messages[0] ?? false;
}
