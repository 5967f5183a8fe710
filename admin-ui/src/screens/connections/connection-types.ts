/** The Connections screen's API shapes (generated from the OpenAPI document). */
import type { components } from '@/api/openapi';

export type ConnectionTestResult = components['schemas']['ConnectionTestResult'];
export type ConnectionCheck = components['schemas']['ConnectionCheck'];
export type SetupReport = components['schemas']['SetupReport'];

/** The create form's fields; secrets live only in this object, never read back from the API. */
export interface ConnectionForm {
  name: string;
  region: 'na' | 'eu' | 'fe';
  sellerId: string;
  marketplaceIds: string[];
  lwaClientId: string;
  lwaClientSecret: string;
  refreshToken: string;
  erpUrl: string;
  database: string;
  auth: 'apiKey' | 'login';
  apiKey: string;
  login: string;
  password: string;
}

export const emptyForm = (): ConnectionForm => ({
  name: '', region: 'eu', sellerId: '', marketplaceIds: [], lwaClientId: '', lwaClientSecret: '', refreshToken: '',
  erpUrl: '', database: '', auth: 'apiKey', apiKey: '', login: '', password: '',
});

/** The connection part of the form as the API takes it (empty optional secrets left out). */
export function draftOf(f: ConnectionForm) {
  return {
    amazon: {
      region: f.region, sellerId: f.sellerId.trim(), marketplaceIds: f.marketplaceIds, lwaClientId: f.lwaClientId.trim(), lwaClientSecret: f.lwaClientSecret,
      ...(f.refreshToken ? { refreshToken: f.refreshToken.trim() } : {}),
    },
    erp: {
      url: f.erpUrl.trim(), database: f.database.trim(),
      ...(f.auth === 'apiKey' ? { apiKey: f.apiKey } : { login: f.login.trim(), password: f.password }),
    },
  };
}
