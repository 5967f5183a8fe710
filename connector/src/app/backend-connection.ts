/** A backend's connection after creation: the core patch of a connection change, and the view of its secrets. */
import type { BackendConnectionPatchT } from '../api/backend-connection.schemas.ts';
import type { BackendSecretsT } from '../api/backend.schemas.ts';
import type { BackendCredentials, BackendPatch, BackendRecord } from '../core/backend/index.ts';

const NO_CREDENTIALS: BackendCredentials = {
  amazon: { lwaClientId: '', lwaClientSecret: '', refreshToken: '' },
  erp: { apiKey: null, login: null, password: null },
};

/** Only the fields given; `undefined` values are left out (the core patch sets every key it sees). */
const given = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The core patch of a connection change. Credentials are the stored ones with the given secrets over them, so a
 * form that sends no secret keeps them all; `current` is null when none were ever stored. `before`: the backend now.
 */
export function connectionPatchOf(body: BackendConnectionPatchT, before: Pick<BackendRecord, 'erpUrl' | 'erpDb'>, current: BackendCredentials | null): BackendPatch {
  const { region, sellerId, marketplaceIds, ...amazonSecrets } = body.amazon ?? {};
  const { url, database, ...erpSecrets } = body.erp ?? {};
  const patch: BackendPatch = given({ amazonRegion: region, sellerId, marketplaceIds, erpUrl: url, erpDb: database });
  // Another ERP (or database) may run another version: detected again at the next connection.
  const movedErp = (url !== undefined && url.replace(/\/+$/, '') !== before.erpUrl) || (database !== undefined && database !== before.erpDb);
  if (movedErp) patch.erpVersion = null;
  const amazon = given(amazonSecrets);
  const erp = given(erpSecrets);
  if (Object.keys(amazon).length || Object.keys(erp).length) {
    const base = current ?? NO_CREDENTIALS;
    patch.credentials = { amazon: { ...base.amazon, ...amazon }, erp: { ...base.erp, ...erp } };
  }
  return patch;
}

const state = (v: string | null | undefined) => (v ? 'set' : 'not_set') as 'set' | 'not_set';

/** Whether each secret is stored, never its value. */
export function secretsViewOf(c: BackendCredentials | null): BackendSecretsT {
  return {
    amazonClientSecret: state(c?.amazon.lwaClientSecret),
    amazonRefreshToken: state(c?.amazon.refreshToken),
    erpApiKey: state(c?.erp.apiKey),
    erpPassword: state(c?.erp.password),
    erpLogin: c?.erp.login || null,
  };
}
