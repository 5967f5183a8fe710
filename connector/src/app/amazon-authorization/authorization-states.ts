/**
 * The `state` of the website authorisation workflow: 32 random bytes handed to Amazon in the consent URL and back
 * to us on the redirect. Only its SHA-256 is stored (a database reader cannot complete someone's authorisation),
 * bound to the backend, the principal and the session that asked (a hash of its binding), valid 15 minutes.
 * Two single-use steps: the public redirect `receive`s the code (sealed, the state's hash as the seal's context,
 * the expiry cut to Amazon's 5 minutes of a code), then the same session `claim`s it, which wipes it. Each step is
 * one UPDATE over the row locked, so two redirects (or two completions) with the same state cannot both pass.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Keyring } from '../../core/crypto.ts';
import { PermanentError } from '../../core/errors.ts';
import type { Queryable } from '../../core/sql.ts';

export const STATE_TTL_SECONDS = 15 * 60;
/** Amazon's authorisation code lives 5 minutes: once received, the state lives no longer. */
export const CODE_TTL_SECONDS = 5 * 60;

const hashOf = (state: string) => createHash('sha256').update(state, 'utf8').digest('base64url');
const sealContext = (stateHash: string) => `amazon_authorization_state:${stateHash}`;

export interface AuthorizationState {
  backendId: number;
  principal: string;
  /** The hash of the session it is issued to (api/auth/session-binding.ts). */
  binding: string;
  redirectUri: string;
}

const invalid = () => new PermanentError('AUTHORIZATION_STATE_INVALID', 'this authorisation was not started here (unknown state)');
const used = () => new PermanentError('AUTHORIZATION_STATE_USED', 'this authorisation was already received or completed (the state is used once)');
const expired = () => new PermanentError('AUTHORIZATION_STATE_EXPIRED', `the authorisation took too long (${STATE_TTL_SECONDS / 60} minutes to consent, ${CODE_TTL_SECONDS / 60} to complete)`);

/** A new state; the value goes into the consent URL, never into a log; `stateRef` is what the panel completes by. */
export async function issueState(db: Queryable, s: AuthorizationState): Promise<{ state: string; stateRef: string; expiresAt: Date }> {
  const state = randomBytes(32).toString('base64url');
  const stateRef = randomBytes(16).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into amazon_authorization_state (state_hash, state_ref, backend_id, principal, session_binding, redirect_uri, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7)) returning expires_at`,
    [hashOf(state), stateRef, s.backendId, s.principal, s.binding, s.redirectUri, STATE_TTL_SECONDS],
  );
  // Expired states are of no use to anyone: each new one clears those of the day before.
  await db.query(`delete from amazon_authorization_state where expires_at < now() - interval '1 day'`);
  return { state, stateRef, expiresAt: rows[0]!.expires_at };
}

/**
 * Amazon's redirect: keeps `code` sealed against the state, once. AUTHORIZATION_STATE_INVALID (never issued),
 * _USED (a second redirect, or after completion) or _EXPIRED. A refused redirect stores nothing.
 */
export async function receiveCode(db: Queryable, keyring: Keyring, state: string, code: string, sellingPartnerId: string | null): Promise<void> {
  const hash = hashOf(state);
  const { keyId, sealed } = keyring.seal(code, sealContext(hash));
  const { rows } = await db.query<{ first: boolean; expired: boolean }>(
    `update amazon_authorization_state s
        set received_at = now(), code_key_id = $2, code_sealed = $3, selling_partner_id = $4,
            expires_at = least(s.expires_at, now() + make_interval(secs => $5))
       from (select state_hash, received_at is null and used_at is null as first, expires_at < now() as expired
               from amazon_authorization_state where state_hash = $1 for update) old
      where s.state_hash = old.state_hash and old.first and not old.expired
      returning old.first, old.expired`,
    [hash, keyId, sealed, sellingPartnerId, CODE_TTL_SECONDS],
  );
  if (rows[0]) return;
  const { rows: seen } = await db.query<{ first: boolean }>(
    'select received_at is null and used_at is null as first from amazon_authorization_state where state_hash = $1',
    [hash],
  );
  if (!seen[0]) throw invalid();
  throw seen[0].first ? expired() : used();
}

export interface ClaimedCode extends AuthorizationState {
  stateHash: string;
  code: string;
  sellingPartnerId: string | null;
}

/**
 * The panel's completion by `stateRef`: `pending` while Amazon's redirect has not come, the code (wiped from the
 * row, the state marked used) once it has. Refused unless `binding` is the session the state was issued to
 * (AUTHORIZATION_SESSION_MISMATCH, checked before anything about the state is said), and when used or expired.
 */
export async function claimCode(db: Queryable, keyring: Keyring, backendId: number, stateRef: string, binding: string): Promise<ClaimedCode | 'pending'> {
  const { rows } = await db.query<{ state_hash: string; principal: string; session_binding: string; redirect_uri: string; received: boolean; used: boolean; expired: boolean }>(
    `select state_hash, principal, session_binding, redirect_uri, received_at is not null as received, used_at is not null as used, expires_at < now() as expired
       from amazon_authorization_state where state_ref = $1 and backend_id = $2`,
    [stateRef, backendId],
  );
  const row = rows[0];
  if (!row) throw invalid();
  if (row.session_binding !== binding) {
    throw new PermanentError('AUTHORIZATION_SESSION_MISMATCH', 'this authorisation was started by another session: only the window that started it can complete it');
  }
  if (row.used) throw used();
  if (row.expired) throw expired();
  if (!row.received) return 'pending';
  const claimed = await db.query<{ code_key_id: string; code_sealed: Buffer; selling_partner_id: string | null }>(
    `update amazon_authorization_state s set used_at = now(), code_key_id = null, code_sealed = null
       from (select state_hash, code_key_id, code_sealed from amazon_authorization_state
              where state_hash = $1 and used_at is null and code_sealed is not null for update) old
      where s.state_hash = old.state_hash
      returning old.code_key_id, old.code_sealed, s.selling_partner_id`,
    [row.state_hash],
  );
  const got = claimed.rows[0];
  if (!got) throw used();
  const code = keyring.open({ keyId: got.code_key_id, sealed: got.code_sealed }, sealContext(row.state_hash)).toString('utf8');
  return {
    stateHash: row.state_hash, backendId, principal: row.principal, binding, redirectUri: row.redirect_uri, code,
    sellingPartnerId: got.selling_partner_id,
  };
}

/** Records how the authorisation ended (the state's row: `authorized` or the refusal's code). */
export async function recordOutcome(db: Queryable, stateHash: string, outcome: string): Promise<void> {
  await db.query('update amazon_authorization_state set outcome = $2 where state_hash = $1', [stateHash, outcome]);
}

/** The outcome of a refused redirect, by the state value. */
export const recordRedirectOutcome = (db: Queryable, state: string, outcome: string) => recordOutcome(db, hashOf(state), outcome);
