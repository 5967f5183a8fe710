/**
 * The ERP embed tokens already exchanged, by their `jti`, kept in PostgreSQL until the token expires: a token is
 * accepted once, whichever API process sees it first (the insert decides, so two processes racing with the same
 * token cannot both win). Expired rows are swept on the way: a token past its `exp` is refused anyway.
 */
import type { Queryable } from '../sql.ts';

/** The store of used token ids over `db`. */
export function createTokenUses(db: Queryable) {
  return {
    /** True the first time `jti` is claimed, false for a replay. */
    async claim(jti: string, expiresAt: Date): Promise<boolean> {
      await db.query(`delete from panel_token_use where expires_at < now() - interval '1 minute'`);
      const { rowCount } = await db.query(`insert into panel_token_use (jti, expires_at) values ($1, $2) on conflict (jti) do nothing`, [jti, expiresAt]);
      return rowCount === 1;
    },
  };
}

export type TokenUses = ReturnType<typeof createTokenUses>;
