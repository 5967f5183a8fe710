/**
 * Access groups as far as the accounting recording uses them: `res.groups` (name, implied groups), the xml ids that
 * name them (`ir.model.data`, e.g. `account.group_account_basic`), and the user's `group_ids` (res.users, base.ts).
 * Only one access rule is emulated: creating bank statement lines needs "Basic" (bank-statement-line.ts).
 */
import { char, defineModel, int, m2m } from '../orm/define.ts';
import { accessError } from '../orm/errors.ts';
import type { Env } from '../orm/types.ts';

export const resGroups = defineModel({
  name: 'res.groups',
  description: 'Access Groups',
  order: 'name, id',
  fields: {
    name: char('Name', { required: true }),
    full_name: char('Group Name', { readonly: true }),
    implied_ids: m2m('res.groups', 'Inherits'),
  },
});

export const irModelData = defineModel({
  name: 'ir.model.data',
  description: 'Model Data',
  order: 'module, model, name',
  fields: {
    name: char('External Identifier', { required: true }),
    module: char('Module', { required: true }),
    model: char('Model Name', { required: true }),
    res_id: int('Record ID'),
  },
  displayName: (a) => `${a}.module || '.' || ${a}.name`,
});

/** The user's groups with every group they imply. */
async function userGroups(env: Env): Promise<Set<number>> {
  const r = await env.tx.query(
    `WITH RECURSIVE g(id) AS (SELECT unnest(group_ids) FROM res_users WHERE id = $1
       UNION SELECT unnest(rg.implied_ids) FROM res_groups rg JOIN g ON g.id = rg.id) SELECT id FROM g`, [env.uid]);
  return new Set(r.rows.map((x) => x.id as number));
}

/** Odoo's ACL refusal of `create` on a model only `groupId` may create (the message lists the group by name). */
export async function requireGroupToCreate(env: Env, groupId: number, model: string, description: string): Promise<void> {
  if ((await userGroups(env)).has(groupId)) return;
  const g = await env.tx.query('SELECT name FROM res_groups WHERE id = $1', [groupId]);
  throw accessError(`You are not allowed to create '${description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n`
    + `\t- ${g.rows[0]?.name as string}\n\nContact your administrator to request access if necessary.`);
}
