/** The edit form of a saved connection: its fields from the backend view, and the PATCH body of what changed. */
import type { components, paths } from '@/api/openapi';

type Backend = components['schemas']['Backend'];
/** The body of PATCH /api/backends/{id}/connection. */
export type ConnectionPatch = NonNullable<paths['/api/backends/{id}/connection']['patch']>['requestBody']['content']['application/json'];

/** The editable fields; secrets start empty (never read back) and are sent only when typed. */
export interface EditFields {
  region: 'na' | 'eu' | 'fe';
  sellerId: string;
  marketplaceIds: string[];
  lwaClientSecret: string;
  refreshToken: string;
  erpUrl: string;
  database: string;
  login: string;
  apiKey: string;
  password: string;
}

export const editFieldsOf = (b: Backend): EditFields => ({
  region: b.amazon.region, sellerId: b.amazon.sellerId, marketplaceIds: [...b.amazon.marketplaceIds],
  lwaClientSecret: '', refreshToken: '', erpUrl: b.erp.url, database: b.erp.database,
  login: b.secrets?.erpLogin ?? '', apiKey: '', password: '',
});

/** Only what differs from `b`, and only the secrets typed; `{}` when nothing changed. */
export function patchOf(f: EditFields, b: Backend): ConnectionPatch {
  const amazon: NonNullable<ConnectionPatch['amazon']> = {};
  const erp: NonNullable<ConnectionPatch['erp']> = {};
  if (f.region !== b.amazon.region) amazon.region = f.region;
  if (f.sellerId.trim() !== b.amazon.sellerId) amazon.sellerId = f.sellerId.trim();
  if (f.marketplaceIds.join() !== b.amazon.marketplaceIds.join()) amazon.marketplaceIds = f.marketplaceIds;
  if (f.lwaClientSecret) amazon.lwaClientSecret = f.lwaClientSecret;
  if (f.refreshToken) amazon.refreshToken = f.refreshToken.trim();
  if (f.erpUrl.trim() !== b.erp.url) erp.url = f.erpUrl.trim();
  if (f.database.trim() !== b.erp.database) erp.database = f.database.trim();
  // An emptied login is removed (an API key alone).
  if (f.login.trim() !== (b.secrets?.erpLogin ?? '')) erp.login = f.login.trim() || null;
  if (f.apiKey) erp.apiKey = f.apiKey;
  if (f.password) erp.password = f.password;
  return {
    ...(Object.keys(amazon).length ? { amazon } : {}),
    ...(Object.keys(erp).length ? { erp } : {}),
  };
}
