/** Backend records: their shapes, their validation at the boundary, and the row -> record conversion. */
import type { InferEntity } from '@mikro-orm/core';
import type { Backend } from './backend.entity.ts';
import { PermanentError } from '../errors.ts';
import { checkErpUrl, type ErpUrlPolicy } from './erp-url.ts';
import type { BackendSettings, BackendSettingsModel } from './settings/index.ts';

export type AmazonRegion = 'na' | 'eu' | 'fe';

export interface BackendCredentials {
  amazon: { lwaClientId: string; lwaClientSecret: string; refreshToken: string };
  /** An API key (JSON-2 on Odoo 19, or in place of a password over JSON-RPC), or a login with a password. */
  erp: { apiKey: string | null; login: string | null; password: string | null };
}

/** Which secrets are stored (never their values), kept beside the backend so a list shows them without decrypting. */
export interface CredentialStates {
  amazonClientSecret: 'set' | 'not_set';
  amazonRefreshToken: 'set' | 'not_set';
  erpApiKey: 'set' | 'not_set';
  erpPassword: 'set' | 'not_set';
  /** Not a secret: the ERP login, or null for an API key alone. */
  erpLogin: string | null;
}

const stateOfSecret = (v: string | null | undefined) => (v ? 'set' : 'not_set') as 'set' | 'not_set';

/** The states of `c` (null: none stored). */
export function credentialStatesOf(c: BackendCredentials | null): CredentialStates {
  return {
    amazonClientSecret: stateOfSecret(c?.amazon.lwaClientSecret),
    amazonRefreshToken: stateOfSecret(c?.amazon.refreshToken),
    erpApiKey: stateOfSecret(c?.erp.apiKey),
    erpPassword: stateOfSecret(c?.erp.password),
    erpLogin: c?.erp.login || null,
  };
}

export interface BackendRecord {
  id: number;
  name: string;
  amazonRegion: AmazonRegion;
  sellerId: string;
  marketplaceIds: string[];
  erpUrl: string;
  erpDb: string;
  erpVersion: '17' | '18' | '19' | null;
  /** The ERP company the backend works in (every ERP call carries it as `allowed_company_ids`); null: the default one. */
  erpCompanyId: number | null;
  /** Parsed by the settings model: one object per namespace, every key present. */
  settings: BackendSettings;
  /** A disabled backend is neither swept nor imported; it stays visible. */
  enabled: boolean;
  /** Set once deleted (soft): hidden from lists, its history kept, its name free again. */
  deletedAt: Date | null;
  credentialsRef: string | null;
  /** Which secrets `credentialsRef` holds; null for a backend stored before they were kept (read them once). */
  secretStates?: CredentialStates | null;
  /** When its ERP set-up last went through; null: never yet, and its flows wait for it. */
  setUpAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a backend is, for the API, the CLI and the task guard. */
export type BackendState = 'active' | 'disabled' | 'deleted';

export const stateOf = (b: Pick<BackendRecord, 'enabled' | 'deletedAt'>): BackendState =>
  b.deletedAt ? 'deleted' : b.enabled ? 'active' : 'disabled';

/** A settings patch: namespace -> keys (JSON merge patch, `null` removes). */
export type SettingsPatch = Record<string, unknown>;

export interface NewBackend {
  name: string;
  amazonRegion: AmazonRegion;
  sellerId: string;
  marketplaceIds: string[];
  erpUrl: string;
  erpDb: string;
  erpVersion?: '17' | '18' | '19' | null;
  erpCompanyId?: number | null;
  settings?: SettingsPatch;
  credentials: BackendCredentials;
}

export type BackendPatch = Partial<Omit<NewBackend, 'credentials'>> & { credentials?: BackendCredentials };

/** Where a backend's credentials are sealed in `secret`. */
export const credentialsRefOf = (id: number) => `backend:${id}:credentials`;

/** The one rule for each field, shared with the API's schema so both refuse the same values with the same status. */
export const BACKEND_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$';
export const SELLER_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
export const MARKETPLACE_ID_PATTERN = '^[A-Z0-9]{5,32}$';

/**
 * Throws PermanentError('BACKEND_INVALID') listing every malformed field of `input`, or ERP_URL_REFUSED for an
 * ERP URL the policy forbids (erp-url.ts).
 */
export function checkBackendInput(input: Partial<NewBackend>, erpUrls: ErpUrlPolicy): void {
  const bad: string[] = [];
  if (input.name !== undefined && !new RegExp(BACKEND_NAME_PATTERN).test(input.name)) bad.push('name');
  if (input.amazonRegion !== undefined && !['na', 'eu', 'fe'].includes(input.amazonRegion)) bad.push('amazonRegion');
  if (input.sellerId !== undefined && !new RegExp(SELLER_ID_PATTERN).test(input.sellerId)) bad.push('sellerId');
  if (input.marketplaceIds !== undefined && (input.marketplaceIds.length === 0 || input.marketplaceIds.some((m) => !new RegExp(MARKETPLACE_ID_PATTERN).test(m)))) {
    bad.push('marketplaceIds');
  }
  if (input.erpDb !== undefined && !input.erpDb) bad.push('erpDb');
  if (input.erpVersion != null && !['17', '18', '19'].includes(input.erpVersion)) bad.push('erpVersion');
  if (input.erpCompanyId != null && !(Number.isSafeInteger(input.erpCompanyId) && input.erpCompanyId > 0)) bad.push('erpCompanyId');
  const erp = input.credentials?.erp;
  if (erp && !erp.apiKey && !(erp.login && erp.password)) bad.push('credentials.erp');
  if (bad.length) throw new PermanentError('BACKEND_INVALID', `invalid backend fields: ${bad.join(', ')}`, { fields: bad });
  if (input.erpUrl !== undefined) checkErpUrl(input.erpUrl, erpUrls);
}

/** A `backend` row as the record the rest of the connector reads (settings migrated and defaulted). */
export function toBackendRecord(row: InferEntity<typeof Backend>, model: BackendSettingsModel): BackendRecord {
  return {
    id: row.id,
    name: row.name,
    amazonRegion: row.amazonRegion as AmazonRegion,
    sellerId: row.sellerId,
    marketplaceIds: [...row.marketplaceIds],
    erpUrl: row.erpUrl,
    erpDb: row.erpDb,
    erpVersion: row.erpVersion as BackendRecord['erpVersion'],
    erpCompanyId: row.erpCompanyId ?? null,
    settings: model.read(row.settings).settings,
    enabled: row.enabled,
    deletedAt: row.deletedAt ?? null,
    credentialsRef: row.credentialsRef ?? null,
    secretStates: (row.secretStates as CredentialStates | null | undefined) ?? null,
    setUpAt: row.setUpAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit log keeps of a backend: everything but credentials and timestamps. */
export function auditViewOf(b: BackendRecord): Record<string, unknown> {
  return {
    name: b.name,
    amazonRegion: b.amazonRegion,
    sellerId: b.sellerId,
    marketplaceIds: b.marketplaceIds,
    erpUrl: b.erpUrl,
    erpDb: b.erpDb,
    erpVersion: b.erpVersion,
    erpCompanyId: b.erpCompanyId,
    settings: b.settings,
    enabled: b.enabled,
  };
}
