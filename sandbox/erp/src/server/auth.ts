/** Credentials: API keys (bearer for JSON-2, or as password over JSON-RPC) and login/password pairs. */
import type { ServerCtx } from './run-call.ts';

/** The uid owning an API key, or null. */
export async function uidForApiKey(ctx: ServerCtx, key: string): Promise<number | null> {
  const cached = ctx.keyCache.get(key);
  if (cached !== undefined) return cached;
  const r = await ctx.pool.query(
    `SELECT c.uid FROM sandbox_credential c JOIN res_users u ON u.id = c.uid WHERE c.api_key = $1 AND u.active`, [key]);
  const uid = (r.rows[0]?.uid as number | undefined) ?? null;
  if (uid !== null) ctx.keyCache.set(key, uid);
  return uid;
}

/** `common.login`: the uid when the login matches the password or the user's API key. */
export async function login(ctx: ServerCtx, loginName: string, secret: string): Promise<number | null> {
  const r = await ctx.pool.query(
    `SELECT c.uid FROM sandbox_credential c JOIN res_users u ON u.id = c.uid
     WHERE c.login = $1 AND (c.password = $2 OR c.api_key = $2) AND u.active`, [loginName, secret]);
  return (r.rows[0]?.uid as number | undefined) ?? null;
}

/** Checks a (uid, password or API key) pair of an `execute_kw`. */
export async function checkUid(ctx: ServerCtx, uid: number, secret: string): Promise<boolean> {
  const viaKey = await uidForApiKey(ctx, secret);
  if (viaKey === uid) return true;
  const r = await ctx.pool.query(
    `SELECT 1 FROM sandbox_credential c JOIN res_users u ON u.id = c.uid WHERE c.uid = $1 AND c.password = $2 AND u.active`, [uid, secret]);
  return r.rows.length > 0;
}
