/**
 * Backends: one seller account bound to one ERP endpoint. Credentials never sit in the `backend` row: they are
 * sealed in `secret` under `backend:<id>:credentials`, written in the same transaction as the backend.
 */
import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Backend } from '../../db/entities/index.ts';
import { PermanentError } from '../errors.ts';
import type { SecretStore } from '../secret-store.ts';
import { applyRateOverrides } from '../rate-limit/overrides.ts';
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

const credentialsRefOf = (id: number) => `backend:${id}:credentials`;

function check(input: Partial<NewBackend>): void {
  const bad: string[] = [];
  if (input.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(input.name)) bad.push('name');
  if (input.amazonRegion !== undefined && !['na', 'eu', 'fe'].includes(input.amazonRegion)) bad.push('amazonRegion');
  if (input.sellerId !== undefined && !/^[A-Z0-9]{5,32}$/.test(input.sellerId)) bad.push('sellerId');
  if (input.marketplaceIds !== undefined && (input.marketplaceIds.length === 0 || input.marketplaceIds.some((m) => !/^[A-Z0-9]{5,32}$/.test(m)))) {
    bad.push('marketplaceIds');
  }
  if (input.erpUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(input.erpUrl)) bad.push('erpUrl');
  if (input.erpDb !== undefined && !input.erpDb) bad.push('erpDb');
  if (input.erpVersion != null && !['17', '18', '19'].includes(input.erpVersion)) bad.push('erpVersion');
  const erp = input.credentials?.erp;
  if (erp && !erp.apiKey && !(erp.login && erp.password)) bad.push('credentials.erp');
  if (bad.length) throw new PermanentError('BACKEND_INVALID', `invalid backend fields: ${bad.join(', ')}`, { fields: bad });
}

function toRecord(row: InferEntity<typeof Backend>): BackendRecord {
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

export interface BackendService {
  create(input: NewBackend): Promise<BackendRecord>;
  /** Throws PermanentError('BACKEND_NOT_FOUND'). */
  get(id: number): Promise<BackendRecord>;
  findByName(name: string): Promise<BackendRecord | null>;
  list(): Promise<BackendRecord[]>;
  update(id: number, patch: BackendPatch): Promise<BackendRecord>;
  credentials(id: number): Promise<BackendCredentials>;
  /** Creates the backend named `input.name`, or brings it in line with `input` (boot-time bootstrap). */
  ensure(input: NewBackend): Promise<BackendRecord>;
}

/** Backend CRUD over the ORM, credentials through `secrets`, rate overrides mirrored into `rate_bucket`. */
export function createBackendService(em: () => EntityManager, secrets: SecretStore): BackendService {
  // MikroORM's connection takes knex-style `?` placeholders: expand pg-style `$n` ones in order.
  const syncOverrides = (tx: EntityManager, b: BackendRecord) =>
    applyRateOverrides(
      (sql, params) => {
        const ordered: unknown[] = [];
        const text = sql.replace(/\$(\d+)/g, (_, n: string) => (ordered.push(params[Number(n) - 1]), '?'));
        return tx.getConnection().execute(text, ordered, 'run', tx.getTransactionContext());
      },
      sellerKeyOf(b),
      b.settings.rateOverrides,
    );

  const service: BackendService = {
    async create(input) {
      check(input);
      const settings = parseBackendSettings(input.settings);
      return em().transactional(async (tx) => {
        const row = tx.create(Backend, {
          name: input.name,
          amazonRegion: input.amazonRegion,
          sellerId: input.sellerId,
          marketplaceIds: input.marketplaceIds,
          erpUrl: input.erpUrl.replace(/\/+$/, ''),
          erpDb: input.erpDb,
          erpVersion: input.erpVersion ?? null,
          settings,
        });
        await tx.flush();
        row.credentialsRef = credentialsRefOf(row.id);
        await secrets.put(row.credentialsRef, input.credentials, tx);
        await tx.flush();
        const record = toRecord(row);
        await syncOverrides(tx, record);
        return record;
      });
    },
    async get(id) {
      const row = await em().findOne(Backend, { id });
      if (!row) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });
      return toRecord(row);
    },
    async findByName(name) {
      const row = await em().findOne(Backend, { name });
      return row ? toRecord(row) : null;
    },
    async list() {
      return (await em().find(Backend, {}, { orderBy: { id: 'asc' } })).map(toRecord);
    },
    async update(id, patch) {
      check(patch);
      return em().transactional(async (tx) => {
        const row = await tx.findOne(Backend, { id }, { lockMode: 4 /* pessimistic write */ });
        if (!row) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });
        const { credentials, settings, ...fields } = patch;
        if (settings !== undefined) row.settings = parseBackendSettings({ ...row.settings, ...settings });
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) (row as Record<string, unknown>)[k] = v;
        if (fields.erpUrl) row.erpUrl = fields.erpUrl.replace(/\/+$/, '');
        row.updatedAt = new Date();
        if (credentials) {
          row.credentialsRef = credentialsRefOf(row.id);
          await secrets.put(row.credentialsRef, credentials, tx);
        }
        await tx.flush();
        const record = toRecord(row);
        await syncOverrides(tx, record);
        return record;
      });
    },
    async credentials(id) {
      const b = await service.get(id);
      const creds = b.credentialsRef ? await secrets.get<BackendCredentials>(b.credentialsRef) : null;
      if (!creds) throw new PermanentError('SETUP_INCOMPLETE', `backend ${id} has no credentials`, { backendId: id });
      return creds;
    },
    async ensure(input) {
      const existing = await service.findByName(input.name);
      return existing ? service.update(existing.id, input) : service.create(input);
    },
  };
  return service;
}
