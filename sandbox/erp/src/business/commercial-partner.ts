/**
 * Odoo's commercial entity of a contact: `commercial_partner_id` is the partner itself when it is a company or has
 * no parent, else its parent's commercial partner. The commercial fields (here `vat`) belong to that entity: a
 * contact or address created or moved under a company takes the company's number, and a number written on the
 * company reaches all its contacts. (A number written on a contact itself stays there, as in Odoo.)
 */
import type { Env } from '../orm/types.ts';

/** The ids and all their descendants (through parent_id). */
const SUBTREE = `WITH RECURSIVE sub(id, depth) AS (
    SELECT id, 0 FROM res_partner WHERE id = ANY($1)
    UNION SELECT c.id, s.depth + 1 FROM res_partner c JOIN sub s ON c.parent_id = s.id WHERE s.depth < 32)`;

/** Recomputes `commercial_partner_id` of `ids` and of everything below them. */
export async function recomputeCommercialPartners(env: Env, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await env.tx.query(
    `${SUBTREE},
     up(pid, cur, parent_id, is_company, depth) AS (
       SELECT p.id, p.id, p.parent_id, coalesce(p.is_company, false), 0 FROM res_partner p WHERE p.id IN (SELECT id FROM sub)
       UNION ALL
       SELECT up.pid, p.id, p.parent_id, coalesce(p.is_company, false), up.depth + 1
         FROM up JOIN res_partner p ON p.id = up.parent_id WHERE NOT up.is_company AND up.depth < 32)
     UPDATE res_partner t SET commercial_partner_id = x.cur
       FROM (SELECT pid, cur FROM up WHERE is_company OR parent_id IS NULL) x
      WHERE t.id = x.pid AND t.commercial_partner_id IS DISTINCT FROM x.cur`, [ids]);
}

/** Copies the commercial fields from each commercial entity to the contacts of `ids`' subtrees that belong to it. */
export async function syncCommercialFields(env: Env, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await env.tx.query(
    `${SUBTREE}
     UPDATE res_partner c SET vat = p.vat FROM res_partner p
      WHERE c.id IN (SELECT id FROM sub) AND p.id = c.commercial_partner_id AND c.id <> p.id AND c.vat IS DISTINCT FROM p.vat`, [ids]);
}

/** Ids of `ids` that are their own commercial entity (companies and top-level contacts). */
export async function commercialEntities(env: Env, ids: number[]): Promise<number[]> {
  const r = await env.tx.query('SELECT id FROM res_partner WHERE id = ANY($1) AND commercial_partner_id = id ORDER BY id', [ids]);
  return r.rows.map((x) => x.id as number);
}
