/**
 * Multi-company as Odoo's environment and record rules do it: the context's `allowed_company_ids` (first = current
 * company) must be companies of the user, else the call is refused with Odoo's AccessError; without it the user's
 * default company is current and all the user's companies are active. Records of a model with a `company_id` are
 * visible when they have no company (shared) or one of the active companies.
 */
import type { PoolClient } from 'pg';
import { accessError } from './errors.ts';
import type { Env, Json, ModelDef } from './types.ts';

const UNAUTHORIZED = 'Access to unauthorized or invalid companies.';
/** Models whose `company_id` is not a visibility rule (users and companies have rules of their own). */
const NOT_SCOPED = new Set(['res.users', 'res.company']);

/** The current and active companies of a call (throws Odoo's AccessError for companies the user may not use). */
export async function resolveCompanies(tx: PoolClient, uid: number, context: Record<string, Json>): Promise<{ companyId: number; companyIds: number[] }> {
  const r = await tx.query('SELECT company_id, company_ids FROM res_users WHERE id = $1', [uid]);
  const userCompany = (r.rows[0]?.company_id as number | null) ?? 1;
  const userCompanies = [...new Set([userCompany, ...((r.rows[0]?.company_ids as number[] | null) ?? [])])];
  const asked = context.allowed_company_ids;
  if (Array.isArray(asked) && asked.length > 0) {
    if (asked.some((c) => typeof c !== 'number' || !userCompanies.includes(c))) throw accessError(UNAUTHORIZED);
    return { companyId: asked[0] as number, companyIds: [...new Set(asked as number[])] };
  }
  return { companyId: userCompany, companyIds: userCompanies };
}

/** True when the model's records belong to a company (and are filtered by it). */
export function isCompanyScoped(model: ModelDef): boolean {
  return model.fields.company_id?.relation === 'res.company' && !model.fields.company_id.compute && !NOT_SCOPED.has(model.name);
}

/** The record-rule condition of a search over `alias` (no condition for models without company). */
export function companyRuleSql(env: Env, model: ModelDef, alias: string): string | null {
  if (!isCompanyScoped(model)) return null;
  const col = model.fields.company_id!.column ?? 'company_id';
  return `(${alias}.${col} IS NULL OR ${alias}.${col} = ANY('{${env.companyIds.map(Number).join(',')}}'::int[]))`;
}

/** Refuses to read/write/unlink records of companies not active in the call, as Odoo's record rules do. */
export async function ensureCompanyAccess(env: Env, model: ModelDef, ids: number[], operation: 'read' | 'write' | 'unlink'): Promise<void> {
  const rule = companyRuleSql(env, model, 't');
  if (!rule || ids.length === 0) return;
  const r = await env.tx.query(`SELECT t.id, ${model.displayName('t')} AS dn FROM ${model.table} t WHERE t.id = ANY($1) AND NOT ${rule} ORDER BY t.id`, [ids]);
  if (r.rows.length === 0) return;
  const user = await env.tx.query(`SELECT p.name FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1`, [env.uid]);
  const lines = r.rows.map((x) => `- ${String(x.dn ?? x.id)} (${model.name}: ${String(x.id)})`).join('\n');
  throw accessError(
    'Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n' +
      `Sorry, ${String(user.rows[0]?.name ?? '')} (id=${env.uid}) doesn't have '${operation}' access to:\n${lines}\n\n` +
      'If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.\n\n' +
      'Note: this might be a multi-company issue. Switching company may help - in Odoo, not in real life!');
}
