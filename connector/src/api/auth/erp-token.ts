/**
 * The ERP's one-minute embed token (ERP user -> panel session), checked with jose: HS256 only (the header is read
 * first, so `none` and every other algorithm get their own code), the shared secret PANEL_EMBED_SECRET, `aud`
 * `aec-admin-panel`, `iss` one of the ERP origins (or PANEL_ERP_ISSUERS), `exp` at most two minutes ahead, and
 * `sub`, `jti`, `iat`, `name`, `role` present. Each refusal has its own stable code. The one-use check of `jti`
 * is the caller's (it needs the database).
 */
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { PermanentError, type ErrorCode } from '../../core/errors.ts';
import { isPanelRole, type PanelRole } from '../../core/panel-users/index.ts';

export const ERP_TOKEN_AUDIENCE = 'aec-admin-panel';
/** The ERP signs for a minute; a little slack for clocks, never a long-lived token. */
const MAX_LIFETIME_SECONDS = 120;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface ErpTokenCheck {
  secret: Uint8Array;
  /** The ERP origins (`https://erp.example.com`): an `iss` whose origin is one of them is accepted. */
  origins: readonly string[];
  /** `iss` values accepted as they are. */
  issuers: readonly string[];
}

export interface ErpUser {
  issuer: string;
  subject: string;
  jti: string;
  expiresAt: Date;
  name: string;
  role: PanelRole;
}

const refuse = (code: ErrorCode, message: string) => new PermanentError(code, message);

function issuerAccepted(iss: string, check: ErpTokenCheck): boolean {
  if (check.issuers.includes(iss)) return true;
  try {
    return check.origins.includes(new URL(iss).origin);
  } catch {
    return false;
  }
}

/** The ERP user the token vouches for, or a PermanentError with the reason's code. */
export async function verifyErpToken(token: string, check: ErpTokenCheck, now = Date.now()): Promise<ErpUser> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw refuse('ERP_TOKEN_INVALID', 'the ERP token is not a JWT');
  }
  if (alg !== 'HS256') throw refuse('ERP_TOKEN_ALGORITHM', `the ERP token must be signed with HS256, not ${typeof alg === 'string' ? alg.slice(0, 16) : 'nothing'}`);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, check.secret, {
      algorithms: ['HS256'],
      audience: ERP_TOKEN_AUDIENCE,
      requiredClaims: ['iss', 'sub', 'jti', 'iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(now),
    }));
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
      throw refuse('ERP_TOKEN_INVALID', "the ERP token's signature is not the shared secret's, or the token is malformed");
    }
    if (e instanceof errors.JWTExpired) throw refuse('ERP_TOKEN_EXPIRED', 'the ERP token has expired: open the panel again from the ERP');
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud') throw refuse('ERP_TOKEN_AUDIENCE', `the ERP token is not meant for the admin panel (aud must be ${ERP_TOKEN_AUDIENCE})`);
    if (e instanceof errors.JWTClaimValidationFailed) throw refuse('ERP_TOKEN_CLAIMS', `the ERP token's ${e.claim} claim is missing or invalid`);
    throw refuse('ERP_TOKEN_INVALID', 'the ERP token cannot be read');
  }
  const { iss, sub, jti, exp, name, role } = payload as { iss: string; sub: string; jti: unknown; exp: number; name: unknown; role: unknown };
  if (!issuerAccepted(iss, check)) throw refuse('ERP_TOKEN_ISSUER', 'the ERP token comes from an ERP that is not among PANEL_ERP_ORIGINS');
  if (exp - now / 1000 > MAX_LIFETIME_SECONDS) throw refuse('ERP_TOKEN_CLAIMS', `the ERP token lives longer than ${MAX_LIFETIME_SECONDS} s: the ERP must sign one-minute tokens`);
  if (typeof jti !== 'string' || jti.length < 8 || jti.length > 200) throw refuse('ERP_TOKEN_CLAIMS', 'the ERP token needs a jti of 8-200 characters');
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw refuse('ERP_TOKEN_CLAIMS', 'the ERP token needs the user name (name)');
  if (!isPanelRole(role)) throw refuse('ERP_TOKEN_CLAIMS', 'the ERP token role must be integrator, accountant or viewer');
  return { issuer: iss, subject: sub, jti, expiresAt: new Date(exp * 1000), name: name.trim(), role };
}
