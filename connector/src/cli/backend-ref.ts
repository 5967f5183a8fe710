/** Finds the backend a `--backend` argument names: its numeric id, else its name. */
import type { BackendRecord } from '../core/backend/index.ts';
import { PermanentError } from '../core/errors.ts';
import type { CoreServices } from '../core/services.ts';

/** The backend `ref` names; PermanentError('BACKEND_NOT_FOUND') when none. */
export async function resolveBackend(core: Pick<CoreServices, 'backends'>, ref: string): Promise<BackendRecord> {
  if (/^\d+$/.test(ref)) return core.backends.get(Number(ref));
  const found = await core.backends.findByName(ref);
  if (!found) throw new PermanentError('BACKEND_NOT_FOUND', `no backend is named "${ref}"`, { backend: ref });
  return found;
}

/** The backend `ref` names, refused with BACKEND_DISABLED while disabled (commands that sweep or import). */
export async function resolveActiveBackend(core: Pick<CoreServices, 'backends'>, ref: string): Promise<BackendRecord> {
  const b = await resolveBackend(core, ref);
  if (!b.enabled) throw new PermanentError('BACKEND_DISABLED', `backend ${b.id} is disabled: enable it first`, { backendId: b.id });
  return b;
}
