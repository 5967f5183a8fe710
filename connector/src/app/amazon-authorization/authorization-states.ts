/**
 * The `state` of the website authorisation workflow: 32 random bytes handed to Amazon in the consent URL and
 * back to us on the redirect. Only its SHA-256 is stored (a database reader cannot complete someone's
 * authorisation), bound to the backend and the principal who asked, valid 15 minutes, used once: the consume
 * is one UPDATE that marks it used, so two callbacks with the same state cannot both pass.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PermanentError } from '../../core/errors.ts';
import type { Queryable } from '../../core/sql.ts';

export const STATE_TTL_SECONDS = 15 * 60;

const hashOf = (state: string) => createHash('sha256').update(state, 'utf8').digest('base64url');

export interface AuthorizationState {
  backendId: number;
  principal: string;
  redirectUri: string;
}

/** A new state for `backendId`, asked by `principal`; the value goes into the consent URL, never into a log. */
export async function issueState(db: Queryable, s: AuthorizationState): Promise<{ state: string; expiresAt: Date }> {
  const state = randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into amazon_authorization_state (state_hash, backend_id, principal, redirect_uri, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(secs => $5)) returning expires_at`,
    [hashOf(state), s.backendId, s.principal, s.redirectUri, STATE_TTL_SECONDS],
  );
  // Expired states are of no use to anyone: each new one clears those of the day before.
  await db.query(`delete from amazon_authorization_state where expires_at < now() - interval '1 day'`);
  return { state, expiresAt: rows[0]!.expires_at };
}

/**
 * Marks the state used and returns what it is bound to; AUTHORIZATION_STATE_INVALID (never issued, or not of this
 * form), _USED (a second callback) or _EXPIRED. The used mark stays even when expired: a replay says "used".
 */
export async function consumeState(db: Queryable, state: string, sellingPartnerId: string | null): Promise<AuthorizationState> {
  const hash = hashOf(state);
  const { rows } = await db.query<{ backend_id: number; principal: string; redirect_uri: string; expired: boolean; first: boolean }>(
    `update amazon_authorization_state s set used_at = coalesce(s.used_at, now()), selling_partner_id = coalesce(s.selling_partner_id, $2)
       from (select state_hash, used_at is null as first from amazon_authorization_state where state_hash = $1 for update) old
      where s.state_hash = old.state_hash
      returning s.backend_id, s.principal, s.redirect_uri, s.expires_at < now() as expired, old.first`,
    [hash, sellingPartnerId],
  );
  const row = rows[0];
  if (!row) throw new PermanentError('AUTHORIZATION_STATE_INVALID', 'this authorisation was not started here (unknown state)');
  if (!row.first) throw new PermanentError('AUTHORIZATION_STATE_USED', 'this authorisation was already completed or refused (the state is used once)');
  if (row.expired) throw new PermanentError('AUTHORIZATION_STATE_EXPIRED', `the authorisation took longer than ${STATE_TTL_SECONDS / 60} minutes`);
  return { backendId: row.backend_id, principal: row.principal, redirectUri: row.redirect_uri };
}

/** Records how the authorisation ended (the state's row: `authorized` or the refusal's code). */
export async function recordOutcome(db: Queryable, state: string, outcome: string): Promise<void> {
  await db.query('update amazon_authorization_state set outcome = $2 where state_hash = $1', [hashOf(state), outcome]);
}
