/**
 * The guard every backend-scoped route and service starts with: a deleted or unknown backend is a 404
 * (BACKEND_NOT_FOUND); a disabled one still answers, so its data can be read while it is switched off.
 */
import { PermanentError } from '../errors.ts';
import type { BackendState } from './backend-record.ts';

export async function backendMustExist(backends: { state(id: number): Promise<BackendState | null> }, id: number): Promise<void> {
  const state = await backends.state(id);
  if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });
}
