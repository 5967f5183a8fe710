/**
 * The catalogue of error codes an API answer can carry: code -> HTTP status -> what it means. Core's part is typed
 * over every code of `core/errors.ts`, so a new core code cannot be added without saying how the API answers it;
 * each flow brings its own codes with their status (`defineErrorCodes`), and `assembleCatalogue` joins them,
 * refusing a code declared twice. The OpenAPI document (ErrorBody) and connector/README.md ("Error codes") are
 * written from / checked against the assembled catalogue.
 */
import { ErrorCodes, type CoreErrorCode, type ErrorCodeEntry } from '../../core/errors.ts';

export type CatalogueEntry = ErrorCodeEntry;

/** An ERP or Amazon fault met while serving a request (setup, resync): the other side, not the caller. */
const upstream = (description: string): CatalogueEntry => ({ status: 503, description });
/** A record or the remote data cannot be processed as it is. */
const unprocessable = (description: string): CatalogueEntry => ({ status: 422, description });

/** Core's codes (core, adapters, API, coordination); each flow brings its own (`FlowDefinition.errorCodes`). */
export const coreCatalogue: Record<CoreErrorCode, CatalogueEntry> = {
  UNAUTHORIZED: { status: 401, description: 'no valid credentials (Authorization: Bearer <admin token or panel session>)' },
  BAD_REQUEST: { status: 400, description: 'a path parameter, query parameter or body field is invalid; details.problems lists each one' },
  CURSOR_INVALID: { status: 400, description: 'the cursor is not one this API gave out; start again without it' },
  BODY_INVALID_JSON: { status: 400, description: 'the body is not valid JSON (or is empty while content-type says JSON)' },
  BODY_FORBIDDEN_KEY: { status: 400, description: 'the body holds a __proto__ or constructor key, refused to protect the server' },
  BACKEND_INVALID: { status: 400, description: 'a backend field or setting is refused; details name them' },
  SETTINGS_UNKNOWN_KEY: { status: 400, description: 'a settings key no namespace declares; details.key names it (e.g. orders.colour)' },
  SETTINGS_INVALID: { status: 400, description: 'a setting is out of its range or of the wrong type; details.problems name each one' },
  ERP_URL_REFUSED: { status: 400, description: 'the ERP URL is not http(s), carries credentials, or points at a link-local or cloud metadata address' },
  MAPPING_RULE_INVALID: { status: 400, description: 'a mapping rule is refused' },
  CONFIG_INVALID: { status: 400, description: 'a configuration value is refused' },
  CONFLICT_INPUT_MISSING: { status: 400, description: 'the conflict action needs an input it was not given (ignore: the reason in note; map_sku: productId)' },
  NOT_FOUND: { status: 404, description: 'no such route, or the record named in the path does not exist' },
  BACKEND_NOT_FOUND: { status: 404, description: 'the backend named in the request does not exist' },
  CONFLICT_NOT_FOUND: { status: 404, description: 'the conflict does not exist' },
  AMAZON_NOT_FOUND: { status: 404, description: 'Amazon does not know this order for this seller' },
  AUTHORIZATION_STATE_INVALID: { status: 400, description: 'the authorisation state is not one the connector gave out (forged or mistyped): start "Connect with Amazon" again' },
  AUTHORIZATION_STATE_EXPIRED: { status: 400, description: 'the authorisation took longer than its state lives (15 minutes): start "Connect with Amazon" again' },
  AUTHORIZATION_CODE_REFUSED: { status: 400, description: "Login with Amazon refused the authorisation code (expired, used, or another redirect URI): start again" },
  AMAZON_AUTHORIZATION_UNAVAILABLE: { status: 409, description: '"Connect with Amazon" is not configured (AMAZON_APP_ID, and a redirect URI: AMAZON_OAUTH_REDIRECT_URI or CONNECTOR_PUBLIC_URL): paste a refresh token instead' },
  AUTHORIZATION_STATE_USED: { status: 409, description: 'the authorisation state was already used (a reload or a replay): start "Connect with Amazon" again' },
  AUTHORIZATION_SELLER_MISMATCH: { status: 409, description: "the seller who authorised is not the backend's seller account: sign in to Seller Central as that seller, or correct the backend's seller id" },
  BACKEND_NAME_TAKEN: { status: 409, description: 'another backend already has this name' },
  BACKEND_DISABLED: { status: 409, description: 'the backend is disabled: enable it first' },
  CONFLICT_NOT_OPEN: { status: 409, description: 'the conflict is already resolved or dismissed' },
  CONFLICT_ACTION_UNAVAILABLE: { status: 409, description: "the action is not offered for this conflict (its code has no such action, or it does not fit the conflict now): see the conflict's actions" },
  CONFLICT_NOT_RETRYABLE: { status: 409, description: "a retry would only raise the same conflict again: see the conflict's actions (dismiss it once handled)" },
  BINDING_CONFLICT: { status: 409, description: 'the record is already bound to another one' },
  LOCK_BUSY: { status: 409, description: 'the record is being synced right now; try again in a moment' },
  BODY_TOO_LARGE: { status: 413, description: 'the body is larger than the API accepts (1 MiB)' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, description: 'the body must be application/json' },
  ORDER_MALFORMED: unprocessable("Amazon's order does not match its model"),
  FINANCE_TRANSACTION_MALFORMED: unprocessable("an Amazon finances transaction does not match its model (no id, status, date or total, or a field of the wrong type): the rest of its page is read"),
  FINANCE_AMOUNT_UNREADABLE: { ...unprocessable("an Amazon finances amount is not an exact decimal in its currency's minor unit (or its currency code is malformed): the transaction is reported, not read"), money: true },
  INVALID_TEXT: unprocessable('a field that identifies something (id, SKU, code) holds a NUL or a lone UTF-16 surrogate: the record is kept, not mapped'),
  AMOUNT_INVALID: { ...unprocessable('an amount cannot be read'), money: true },
  REPORT_ROW_MALFORMED: unprocessable("a row of Amazon's report cannot be read (its line is named); the report's other rows are read"),
  REPORT_UNREADABLE: unprocessable("Amazon's report document is not the report it should be (not gzip, no header with its columns, an unknown charset)"),
  CURRENCY_INACTIVE: { ...unprocessable('the currency is not active in the ERP'), money: true },
  CURRENCY_UNKNOWN: { ...unprocessable('the ERP does not know the currency'), money: true },
  COUNTRY_UNKNOWN: unprocessable('the ERP does not know the country'),
  DRY_RUN: unprocessable('the flow runs dry for this backend: nothing was written to the ERP'),
  BEFORE_CUTOVER: unprocessable("the record is dated before the flow's cut-over: it is left alone"),
  SETUP_INCOMPLETE: unprocessable("the ERP lacks something the flows need (see the backend's setup report)"),
  ERP_VALIDATION: unprocessable('the ERP refused the data'),
  ERP_USER_ERROR: unprocessable('the ERP refused the operation'),
  ERP_UNKNOWN_FIELD: unprocessable('the ERP does not know a field the connector uses'),
  ERP_UNKNOWN_MODEL: unprocessable('the ERP does not know a model the connector uses'),
  ERP_ACCESS_DENIED: unprocessable("the ERP user may not do this"),
  AMAZON_INVALID_REQUEST: unprocessable('Amazon refused the request'),
  AMAZON_BAD_PAYLOAD: unprocessable("Amazon's answer does not match its model"),
  AMAZON_LISTING_INVALID: unprocessable('Amazon refused a listings submission (its issues say why)'),
  ERP_AUTH_FAILED: upstream("the ERP refused the backend's credentials"),
  AMAZON_AUTH_FAILED: upstream("Amazon refused the backend's credentials"),
  ERP_UNAVAILABLE: upstream('the ERP is unreachable or failing; try again later'),
  ERP_TIMEOUT: upstream('the ERP did not answer in time; try again later'),
  ERP_PROTOCOL: upstream('the ERP answered something that is not its protocol'),
  AMAZON_THROTTLED: upstream("Amazon's quota is used up; try again later"),
  AMAZON_UNAVAILABLE: upstream('Amazon is unreachable or failing; try again later'),
  AMAZON_TIMEOUT: upstream('Amazon did not answer in time; try again later'),
  QUOTA_WAIT: upstream('no quota token in time; try again later'),
  INTERRUPTED: upstream('the work was interrupted by a stopping worker and is retried (a sync run closes with it)'),
  FLOW_STALLED: upstream("a flow made no progress for three of its intervals (a backend's health, not an answer)"),
  AUTHORIZATION_SESSION_MISMATCH: { status: 403, description: 'another panel session than the one that started "Connect with Amazon" tried to complete it: complete it from the window that opened the consent page' },
  FORBIDDEN_ROLE: { status: 403, description: "the caller is signed in but its role may not do this (viewer: read only; accountant: read, and resolve money conflicts)" },
  SESSION_INVALID: { status: 401, description: 'the panel session token is not one this connector signed (or is not a session token); sign in again' },
  SESSION_EXPIRED: { status: 401, description: 'the panel session token has expired; sign in again (refresh before it expires)' },
  EMBED_NOT_CONFIGURED: { status: 403, description: 'the connector has no PANEL_EMBED_SECRET: the ERP cannot open the panel with a token' },
  ERP_TOKEN_INVALID: { status: 401, description: "the ERP token is malformed or its signature is not the shared secret's" },
  ERP_TOKEN_EXPIRED: { status: 401, description: 'the ERP token has expired (it lives about a minute); open the panel again from the ERP' },
  ERP_TOKEN_REPLAYED: { status: 401, description: 'the ERP token was exchanged before (each token is good once); open the panel again from the ERP' },
  ERP_TOKEN_AUDIENCE: { status: 401, description: 'the ERP token is not meant for the admin panel (aud must be aec-admin-panel)' },
  ERP_TOKEN_ALGORITHM: { status: 401, description: 'the ERP token is not signed with HS256 (alg none and every other algorithm are refused)' },
  ERP_TOKEN_ISSUER: { status: 401, description: 'the ERP token comes from an issuer that is not among PANEL_ERP_ORIGINS / PANEL_ERP_ISSUERS' },
  ERP_TOKEN_CLAIMS: { status: 401, description: 'the ERP token lacks a claim (sub, jti, iat, exp, name, role), has an unknown role, or lives longer than two minutes' },
  LOGIN_FAILED: { status: 401, description: 'no local panel account with this login and password' },
  LOGIN_DISABLED: { status: 403, description: 'local panel accounts are switched off (PANEL_LOCAL_LOGIN=false): open the panel from the ERP' },
  LOGIN_THROTTLED: { status: 429, description: 'too many failed sign-ins from this address for this login; details.retryAfterSeconds says when to try again' },
  INTERNAL: { status: 500, description: 'an unexpected fault; the server logged it without the request data' },
};

/** What a flow contributes to the catalogue (its `errorCodes`). */
export interface CatalogueContribution {
  name: string;
  errorCodes?: ReadonlyArray<{ code: string } & CatalogueEntry>;
}

/** The assembled catalogue: core's codes, then each flow's, in declaration order. */
export interface ErrorCatalogue {
  readonly entries: Readonly<Record<string, CatalogueEntry>>;
  /** Every code (the ErrorBody `code` enum). */
  readonly codes: readonly string[];
  /** Who declared each code: `core` or the flow's name. */
  readonly owners: Readonly<Record<string, string>>;
  /** The HTTP status of a code (500 for a code nobody declared, which typing prevents). */
  statusOf(code: string): number;
  /** The conflict codes marked `money` (the accountant role may resolve those). */
  readonly moneyCodes: ReadonlySet<string>;
  /** The catalogue as a Markdown table, for the OpenAPI document's ErrorBody description. */
  table(): string;
}

/** Joins core's codes and the flows'; throws when two of them declare the same code. */
export function assembleCatalogue(flows: readonly CatalogueContribution[]): ErrorCatalogue {
  const entries: Record<string, CatalogueEntry> = {};
  const owners: Record<string, string> = {};
  const add = (owner: string, code: string, e: CatalogueEntry) => {
    if (owners[code]) throw new Error(`error code ${code} is declared by both ${owners[code]} and ${owner}`);
    owners[code] = owner;
    entries[code] = { status: e.status, description: e.description, ...(e.money ? { money: true as const } : {}) };
  };
  for (const code of ErrorCodes) add('core', code, coreCatalogue[code]);
  for (const f of flows) for (const e of f.errorCodes ?? []) add(f.name, e.code, e);
  return {
    entries,
    codes: Object.keys(entries),
    owners,
    moneyCodes: new Set(Object.keys(entries).filter((code) => entries[code]!.money)),
    statusOf: (code) => entries[code]?.status ?? 500,
    table: () => {
      const rows = Object.entries(entries)
        .sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b))
        .map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`);
      return ['| code | status | meaning |', '|---|---|---|', ...rows].join('\n');
    },
  };
}

/** Core's codes alone: what answers before (or without) the flows, e.g. Fastify's own refusals. */
export const coreOnlyCatalogue = assembleCatalogue([]);
