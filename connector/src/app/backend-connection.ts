/** A backend's connection after creation: the core patch of a connection change, and the view of its secrets. */
import type { BackendConnectionPatchT } from '../api/backend-connection.schemas.ts';
import type { BackendSecretsT } from '../api/backend.schemas.ts';
import type { Queryable } from '../core/sql.ts';
import { enqueueSetup } from '../sync/frame/backend-setup.ts';
import { credentialStatesOf, type BackendCredentials, type BackendPatch, type BackendRecord } from '../core/backend/index.ts';

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

/** Whether each secret is stored, never its value. */
export function secretsViewOf(c: BackendCredentials | null): BackendSecretsT {
  return credentialStatesOf(c);
}

/**
 * The secret states of listed backends, from the column kept beside each (no decryption); a backend stored before
 * the column existed is read once and filled in, so the next list decrypts nothing.
 */
export async function listedSecretStates(
  db: Queryable,
  backends: readonly BackendRecord[],
  stored: (id: number) => Promise<BackendCredentials | null>,
): Promise<Map<number, BackendSecretsT>> {
  const out = new Map<number, BackendSecretsT>();
  for (const b of backends) {
    if (b.secretStates) {
      out.set(b.id, b.secretStates);
      continue;
    }
    const states = credentialStatesOf(await stored(b.id));
    out.set(b.id, states);
    if (b.credentialsRef) await db.query('update backend set secret_states = $2 where id = $1 and secret_states is null', [b.id, JSON.stringify(states)]);
  }
  return out;
}

/**
 * A PATCH of the connection, in its transaction: another ERP URL, database or credentials may be another ERP, which
 * lacks the connector's records and its webhook rules (the change feed's, the shipments flow's). The set-up, whose
 * "erp webhook rules" step reconciles them by force, is queued with the change (committed together or not at all),
 * and the rules' last signature is forgotten so the next poll looks at the new ERP's rules too.
 */
export async function reRegisterOnNewErp(tx: Queryable, c: { before: BackendRecord; after: BackendRecord; credentialsChanged: boolean }): Promise<void> {
  const moved = c.after.erpUrl !== c.before.erpUrl || c.after.erpDb !== c.before.erpDb;
  if (!moved && !c.credentialsChanged) return;
  await tx.query('delete from erp_webhook_state where backend_id = $1', [c.after.id]);
  await enqueueSetup(tx, c.after.id);
}
