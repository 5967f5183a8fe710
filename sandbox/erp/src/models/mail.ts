/**
 * The chatter: `mail.message` (readable: model, res_id, body, message_type, subtype) and `message_post`, which
 * every `mail.thread` model has (sale.order, stock.picking here). Odoo's `message_post(self, *, body='',
 * message_type='notification', subtype_xmlid=None, ...)` runs on ONE record (`ensure_one`) and, in 17 and 18
 * (`@api.returns('mail.message', lambda value: value.id)`), answers the new message's id, as this does.
 */
import { char, defineModel, html, int, m2o, sel } from '../orm/define.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import { valueError } from '../orm/errors.ts';
import { ensureExist } from '../orm/write.ts';
import type { Env, Json, MethodImpl } from '../orm/types.ts';

/** The subtypes a post names by xmlid: a note (internal) or a discussion message. */
const SUBTYPES: Record<string, string> = { 'mail.mt_note': 'Note', 'mail.mt_comment': 'Discussions' };

export const mailMessage = defineModel({
  name: 'mail.message',
  description: 'Message',
  order: 'id desc',
  fields: {
    model: char('Related Document Model', { index: true }),
    res_id: int('Related Document ID', { index: true, default: undefined }),
    body: html('Contents'),
    message_type: sel('Type', [['email', 'Incoming Email'], ['comment', 'Comment'], ['notification', 'System notification'], ['auto_comment', 'Automated Targeted Notification'], ['user_notification', 'User Specific Notification']], { default: 'notification', required: true }),
    subtype: char('Subtype'),
    author_id: m2o('res.partner', 'Author'),
  },
});

/** Odoo escapes plain text given as a body (markupsafe): a string is stored as HTML-escaped text in a paragraph. */
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `message_post` for `model`: one record, a body, a type and a subtype xmlid; answers the message id. */
export function messagePost(model: string): MethodImpl {
  return async (env: Env, ids: number[], kw: Record<string, Json>) => {
    if (ids.length !== 1) throw valueError(`Expected singleton: ${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`);
    await ensureExist(env, getModel(env, model), ids);
    const subtypeXmlid = typeof kw.subtype_xmlid === 'string' ? kw.subtype_xmlid : null;
    if (subtypeXmlid !== null && !SUBTYPES[subtypeXmlid]) throw valueError(`External ID not found in the system: ${subtypeXmlid}`);
    const body = typeof kw.body === 'string' ? kw.body : '';
    const author = await env.tx.query('SELECT partner_id FROM res_users WHERE id = $1', [env.uid]);
    const [id] = await createRecords(env, getModel(env, 'mail.message'), [{
      model, res_id: ids[0]!, body: body ? `<p>${escapeHtml(body)}</p>` : '',
      message_type: typeof kw.message_type === 'string' ? kw.message_type : 'notification',
      subtype: subtypeXmlid ? SUBTYPES[subtypeXmlid]! : false,
      author_id: (author.rows[0]?.partner_id as number | undefined) ?? false,
    }]);
    return id!;
  };
}
