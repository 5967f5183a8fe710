/**
 * Backends: one seller account bound to one ERP endpoint. Credentials never sit in the `backend` row: they are
 * sealed in `secret` under `backend:<id>:credentials`, written in the same transaction as the backend.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Backend } from '../../db/entities/index.ts';
import { PermanentError } from '../errors.ts';
import type { SecretStore } from '../secret-store.ts';
import { applyRateOverrides } from '../rate-limit/overrides.ts';
import { parseBackendSettings } from './backend-settings.ts';
import {
  checkBackendInput as check,
  credentialsRefOf,
  sellerKeyOf,
  toBackendRecord as toRecord,
  type BackendCredentials,
  type BackendPatch,
  type BackendRecord,
  type NewBackend,
} from './backend-record.ts';

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
/** A second backend of the same name: a clear 409 code rather than the driver's error (which quotes the INSERT). */
async function refuseTakenName<T>(name: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException && /backend_name_unique/.test(String((e as { constraint?: string }).constraint ?? e.message))) {
      throw new PermanentError('BACKEND_NAME_TAKEN', `a backend named "${name}" already exists`, { name });
    }
    throw e;
  }
}

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
      return refuseTakenName(input.name, () => em().transactional(async (tx) => {
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
      }));
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
        const row = await tx.findOne(Backend, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
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
