/** Backend records: their shapes, their validation at the boundary, and the row -> record conversion. */
import type { InferEntity } from '@mikro-orm/core';
import type { Backend } from '../../db/entities/index.ts';
import { PermanentError } from '../errors.ts';
import { parseBackendSettings, type BackendSettings } from './backend-settings.ts';

export type AmazonRegion = 'na' | 'eu' | 'fe';

export interface BackendCredentials {
  amazon: { lwaClientId: string; lwaClientSecret: string; refreshToken: string };
  /** An API key (JSON-2 on Odoo 19, or in place of a password over JSON-RPC), or a login with a password. */
  erp: { apiKey: string | null; login: string | null; password: string | null };
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
  settings: BackendSettings;
  credentialsRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewBackend {
  name: string;
  amazonRegion: AmazonRegion;
  sellerId: string;
  marketplaceIds: string[];
  erpUrl: string;
  erpDb: string;
  erpVersion?: '17' | '18' | '19' | null;
  settings?: Partial<BackendSettings>;
  credentials: BackendCredentials;
}

export type BackendPatch = Partial<Omit<NewBackend, 'credentials'>> & { credentials?: BackendCredentials };

/** The quota identity of a backend: SP-API usage plans apply per seller and region. */
export function sellerKeyOf(b: Pick<BackendRecord, 'amazonRegion' | 'sellerId'>): string {
  return `${b.amazonRegion}:${b.sellerId}`;
}

/** Where a backend's credentials are sealed in `secret`. */
export const credentialsRefOf = (id: number) => `backend:${id}:credentials`;

/** The one rule for each field, shared with the API's schema so both refuse the same values with the same status. */
export const BACKEND_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$';
export const SELLER_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
export const MARKETPLACE_ID_PATTERN = '^[A-Z0-9]{5,32}$';

/** Throws PermanentError('BACKEND_INVALID') listing every malformed field of `input`. */
export function checkBackendInput(input: Partial<NewBackend>): void {
  const bad: string[] = [];
  if (input.name !== undefined && !new RegExp(BACKEND_NAME_PATTERN).test(input.name)) bad.push('name');
  if (input.amazonRegion !== undefined && !['na', 'eu', 'fe'].includes(input.amazonRegion)) bad.push('amazonRegion');
  if (input.sellerId !== undefined && !new RegExp(SELLER_ID_PATTERN).test(input.sellerId)) bad.push('sellerId');
  if (input.marketplaceIds !== undefined && (input.marketplaceIds.length === 0 || input.marketplaceIds.some((m) => !new RegExp(MARKETPLACE_ID_PATTERN).test(m)))) {
    bad.push('marketplaceIds');
  }
  if (input.erpUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(input.erpUrl)) bad.push('erpUrl');
  if (input.erpDb !== undefined && !input.erpDb) bad.push('erpDb');
  if (input.erpVersion != null && !['17', '18', '19'].includes(input.erpVersion)) bad.push('erpVersion');
  const erp = input.credentials?.erp;
  if (erp && !erp.apiKey && !(erp.login && erp.password)) bad.push('credentials.erp');
  if (bad.length) throw new PermanentError('BACKEND_INVALID', `invalid backend fields: ${bad.join(', ')}`, { fields: bad });
}

/** A `backend` row as the record the rest of the connector reads (settings parsed and defaulted). */
export function toBackendRecord(row: InferEntity<typeof Backend>): BackendRecord {
  return {
    id: row.id,
    name: row.name,
    amazonRegion: row.amazonRegion as AmazonRegion,
    sellerId: row.sellerId,
    marketplaceIds: [...row.marketplaceIds],
    erpUrl: row.erpUrl,
    erpDb: row.erpDb,
    erpVersion: row.erpVersion as BackendRecord['erpVersion'],
    settings: parseBackendSettings(row.settings),
    credentialsRef: row.credentialsRef ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
