/** What a connection test checks: a backend's connection fields with their secrets (saved, or a form not yet saved). */
import type { BackendCredentials, BackendRecord } from '../../core/backend/index.ts';

export interface ConnectionDraft {
  amazon: { region: 'na' | 'eu' | 'fe'; sellerId: string; marketplaceIds: string[]; lwaClientId: string; lwaClientSecret: string; refreshToken: string };
  erp: { url: string; database: string; apiKey: string | null; login: string | null; password: string | null; companyId: number | null };
}

/** A saved backend as a draft. */
export function draftOf(b: BackendRecord, creds: BackendCredentials): ConnectionDraft {
  return {
    amazon: { region: b.amazonRegion, sellerId: b.sellerId, marketplaceIds: b.marketplaceIds, ...creds.amazon },
    erp: { url: b.erpUrl, database: b.erpDb, ...creds.erp, companyId: b.erpCompanyId },
  };
}
