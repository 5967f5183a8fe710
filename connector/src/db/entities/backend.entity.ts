/** Core's own tables (backend, secret): their entities live next to the code that owns them, in core/. */
export { Backend } from '../../core/backend/backend.entity.ts';
export { Secret } from '../../core/secret.entity.ts';
