/**
 * `ir.attachment` (base): a file linked to a record (`res_model`, `res_id`) and, for the files of binary fields
 * stored as attachments (Odoo's `attachment=True`), to that field (`res_field`). As in Odoo: `datas` is the base64
 * content, `file_size` and `checksum` (SHA-1 of the bytes) are computed on create, and `search` leaves out the
 * attachments of binary fields unless the domain names `res_field` or `id` (`ir.attachment._search`); `read` by id
 * finds them.
 */
import { createHash } from 'node:crypto';
import { binary, bool, char, defineModel, int, m2o, sel, text } from '../orm/define.ts';
import type { Env } from '../orm/types.ts';

export const irAttachment = defineModel({
  name: 'ir.attachment',
  description: 'Attachment',
  order: 'id desc',
  fields: {
    name: char('Name', { required: true }),
    description: text('Description'),
    res_model: char('Resource Model', { index: true }),
    res_field: char('Resource Field', { index: true }),
    res_id: int('Resource ID', { default: false, index: true }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    type: sel('Type', [['url', 'URL'], ['binary', 'File']], { default: 'binary', required: true }),
    url: char('Url'),
    public: bool('Is public document'),
    mimetype: char('Mime Type'),
    datas: binary('File Content (base64)'),
    file_size: int('File Size', { readonly: true }),
    checksum: char('Checksum/SHA1', { readonly: true }),
  },
  implicitWhere: (a, mentions) => (mentions('res_field') || mentions('id') ? null : `${a}.res_field IS NULL`),
  async prepareCreate(_env, rows) {
    for (const r of rows) {
      if (typeof r.datas !== 'string') continue;
      const bytes = Buffer.from(r.datas, 'base64');
      r.file_size = bytes.length;
      r.checksum = createHash('sha1').update(bytes).digest('hex');
      r.mimetype ??= bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : 'application/octet-stream';
    }
  },
});

/** The attachment holding a binary field's file for each record (Odoo's `_compute_linked_attachment_id`: the oldest). */
export async function fieldAttachments(env: Env, model: string, field: string, ids: number[]): Promise<Map<number, { id: number; name: string; datas: string | null }>> {
  const r = await env.tx.query(
    `SELECT DISTINCT ON (res_id) id, res_id, name, datas FROM ir_attachment WHERE res_model = $1 AND res_field = $2 AND res_id = ANY($3)
     ORDER BY res_id, id`,
    [model, field, ids],
  );
  return new Map(r.rows.map((x) => [x.res_id as number, { id: x.id as number, name: x.name as string, datas: (x.datas as string | null) ?? null }]));
}
