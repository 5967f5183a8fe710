/**
 * `activity_schedule` of Odoo's `mail.activity.mixin` (public, so callable over the external API on sale.order and
 * stock.picking): one activity per record, its type by xml id (`act_type_xmlid`, e.g. 'mail.mail_activity_data_todo')
 * or `activity_type_id`, else the first type; due `date_deadline` or today plus the type's delay; assignee `user_id`,
 * else the type's default user, else the caller; summary and note default to the type's. Marked `automated`.
 * Answers the new activities' ids (the recordset Odoo returns, as the transports serialise it).
 */
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import { valueError } from '../orm/errors.ts';
import { ensureExist } from '../orm/write.ts';
import type { Env, Json, MethodImpl, Vals } from '../orm/types.ts';
import { today } from './mail-activity.ts';

interface TypeRow { id: number; summary: string | null; default_note: string | null; default_user_id: number | null; delay_count: number; delay_unit: string }

async function activityType(env: Env, kw: Record<string, Json>, model: string): Promise<TypeRow | null> {
  const cols = 'id, summary, default_note, default_user_id, delay_count, delay_unit';
  if (typeof kw.act_type_xmlid === 'string' && kw.act_type_xmlid) {
    const [module, name] = kw.act_type_xmlid.split('.');
    const r = await env.tx.query(`SELECT ${cols} FROM mail_activity_type WHERE id = (SELECT res_id FROM ir_model_data WHERE module = $1 AND name = $2 AND model = 'mail.activity.type')`, [module, name]);
    if (!r.rowCount) throw valueError(`External ID not found in the system: ${kw.act_type_xmlid}`);
    return r.rows[0] as TypeRow;
  }
  const r = typeof kw.activity_type_id === 'number'
    ? await env.tx.query(`SELECT ${cols} FROM mail_activity_type WHERE id = $1`, [kw.activity_type_id])
    : await env.tx.query(`SELECT ${cols} FROM mail_activity_type WHERE active AND (res_model IS NULL OR res_model = $1) ORDER BY sequence, id LIMIT 1`, [model]);
  return (r.rows[0] as TypeRow | undefined) ?? null;
}

/** The type's default deadline (Odoo's `_get_date_deadline`: today plus delay_count delay_unit). */
function deadline(env: Env, t: TypeRow | null): string {
  if (!t || !t.delay_count) return today(env);
  const d = new Date(`${today(env)}T00:00:00Z`);
  if (t.delay_unit === 'months') d.setUTCMonth(d.getUTCMonth() + t.delay_count);
  else d.setUTCDate(d.getUTCDate() + t.delay_count * (t.delay_unit === 'weeks' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

const KNOWN = new Set(['act_type_xmlid', 'date_deadline', 'summary', 'note', 'context']);

/** `activity_schedule` for `model`. */
export function activitySchedule(model: string): MethodImpl {
  return async (env, ids, kw) => {
    if (env.context.mail_activity_automation_skip) return false;
    await ensureExist(env, getModel(env, model), ids);
    const t = await activityType(env, kw, model);
    const modelId = (await env.tx.query('SELECT id FROM ir_model WHERE model = $1', [model])).rows[0]?.id as number;
    // the other keyword arguments are activity values (Odoo's **act_values)
    const extra: Vals = Object.fromEntries(Object.entries(kw).filter(([k]) => !KNOWN.has(k)));
    const vals = ids.map((id): Vals => ({
      ...extra,
      res_model_id: modelId, res_id: id, automated: true,
      activity_type_id: t?.id ?? false,
      date_deadline: typeof kw.date_deadline === 'string' ? kw.date_deadline.slice(0, 10) : deadline(env, t),
      summary: typeof kw.summary === 'string' && kw.summary ? kw.summary : (t?.summary ?? false),
      note: typeof kw.note === 'string' && kw.note ? kw.note : (t?.default_note ?? false),
      user_id: typeof extra.user_id === 'number' ? extra.user_id : (t?.default_user_id ?? env.uid),
    }));
    return createRecords(env, getModel(env, 'mail.activity'), vals);
  };
}
