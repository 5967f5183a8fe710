/**
 * Backends: one seller account bound to one ERP endpoint. Credentials never sit in the `backend` row: they are
 * sealed in `secret` under `backend:<id>:credentials`, written in the same transaction as the backend. Every
 * change is audited and announced (NOTIFY, see backend-changes.ts) in its own transaction, so each process drops
 * its cached view of the backend exactly when the change is committed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Backend } from './backend.entity.ts';
import { changedFields } from '../audit/audit-log.ts';
import { PermanentError } from '../errors.ts';
import type { SecretStore } from '../secret-store.ts';
import type { Queryable } from '../sql.ts';
import { lifecycleMethods } from './backend-lifecycle.ts';
import { backendLister } from './backend-list.ts';
import { announce, lockLive, notFound, sqlOf, uniqueName } from './backend-tx.ts';
import {
  auditViewOf,
  checkBackendInput as check,
  credentialsRefOf,
  credentialStatesOf,
  toBackendRecord,
  type BackendCredentials,
  type BackendPatch,
  type BackendRecord,
  type BackendState,
  type NewBackend,
} from './backend-record.ts';
import { DEFAULT_ERP_URL_POLICY, type ErpUrlPolicy } from './erp-url.ts';
import type { BackendSettingsModel } from './settings/index.ts';

/** Who asks for a change (the audit log's `actor`); `system` when no one says. */
export interface ActorOption {
  actor?: string;
}

/** An update's options: who, and work that must commit with the change or not at all (e.g. a job to enqueue). */
export interface UpdateOptions extends ActorOption {
  inTransaction?: (tx: Queryable, change: { before: BackendRecord; after: BackendRecord; credentialsChanged: boolean }) => Promise<void>;
}

export interface BackendService {
  create(input: NewBackend, opts?: ActorOption): Promise<BackendRecord>;
  /** Throws PermanentError('BACKEND_NOT_FOUND'), also for a deleted backend. */
  get(id: number): Promise<BackendRecord>;
  findByName(name: string): Promise<BackendRecord | null>;
  /** Backends not deleted, by id; `includeDeleted` for the jobs that still owe deleted ones something (redaction). */
  list(opts?: { includeDeleted?: boolean }): Promise<BackendRecord[]>;
  /** `patch.settings` is merged into the current settings (see settings/compose.ts). */
  update(id: number, patch: BackendPatch, opts?: UpdateOptions): Promise<BackendRecord>;
  setEnabled(id: number, enabled: boolean, opts?: ActorOption): Promise<BackendRecord>;
  /** Soft delete: hidden, name free, history kept, sealed credentials destroyed. */
  remove(id: number, opts?: ActorOption): Promise<void>;
  /** What the backend is now; null when it never existed. */
  state(id: number): Promise<BackendState | null>;
  credentials(id: number): Promise<BackendCredentials>;
  /**
   * Remembers the version the ERP reported when none was configured. Not a person's change: neither audited nor
   * announced (every process would otherwise drop the runtime it has just connected).
   */
  recordErpVersion(id: number, version: '17' | '18' | '19'): Promise<void>;
  /**
   * Creates the backend named `input.name`, or brings it in line with `input` (boot-time bootstrap). Two processes
   * booting at once on a fresh database both get the one backend: the loser of the create updates it instead.
   */
  ensure(input: NewBackend, opts?: ActorOption): Promise<BackendRecord>;
  /** Records a set-up that went through, in `tx`; true when it is the backend's first (its flows start now). */
  markSetUp(id: number, tx: Queryable): Promise<boolean>;
}

export interface BackendServiceOptions {
  settings: BackendSettingsModel;
  erpUrls?: ErpUrlPolicy;
  /** Runs in the enabling transaction (schedule the sweep, hand waiting records to new jobs). */
  onEnabled?: (backendId: number, tx: Queryable) => Promise<void>;
  /** Runs in the creating transaction (queue the new backend's set-up: its flows wait for it). */
  onCreated?: (backendId: number, tx: Queryable) => Promise<void>;
}

/** Backend CRUD over the ORM, credentials through `secrets`, settings through the composed model. */
export function createBackendService(em: () => EntityManager, secrets: SecretStore, options: BackendServiceOptions): BackendService {
  const model = options.settings;
  const erpUrls = options.erpUrls ?? DEFAULT_ERP_URL_POLICY;
  const toRecord = (row: Parameters<typeof toBackendRecord>[0]) => toBackendRecord(row, model);
  const actorOf = (opts?: ActorOption) => opts?.actor ?? 'system';
  const lifecycle = lifecycleMethods(em, secrets, options, toRecord);


  const service: BackendService = {
    async create(input, opts) {
      check(input, erpUrls);
      const settings = model.apply(model.defaults(), input.settings ?? {});
      return uniqueName(input.name, () => em().transactional(async (tx) => {
        const row = tx.create(Backend, {
          name: input.name,
          amazonRegion: input.amazonRegion,
          sellerId: input.sellerId,
          marketplaceIds: input.marketplaceIds,
          erpUrl: input.erpUrl.replace(/\/+$/, ''),
          erpDb: input.erpDb,
          erpVersion: input.erpVersion ?? null,
          erpCompanyId: input.erpCompanyId ?? null,
          settings: settings as Record<string, unknown>,
        });
        await tx.flush();
        row.credentialsRef = credentialsRefOf(row.id);
        await secrets.put(row.credentialsRef, input.credentials, tx);
        row.secretStates = { ...credentialStatesOf(input.credentials) };
        await tx.flush();
        const record = toRecord(row);
        await announce(tx, { actor: actorOf(opts), action: 'backend.create', backendId: record.id, target: `backend:${record.id}`, after: auditViewOf(record) });
        if (options.onCreated) await options.onCreated(record.id, sqlOf(tx));
        return record;
      }));
    },
    async get(id) {
      const row = await em().findOne(Backend, { id, deletedAt: null });
      if (!row) throw notFound(id);
      return toRecord(row);
    },
    async findByName(name) {
      const row = await em().findOne(Backend, { name, deletedAt: null });
      return row ? toRecord(row) : null;
    },
    // Plain SQL, settings parsed once per stored version (backend-list.ts).
    list: backendLister(em, model),
    async update(id, patch, opts) {
      check(patch, erpUrls);
      return uniqueName(patch.name, () => em().transactional(async (tx) => {
        const row = await lockLive(tx, id);
        const before = toRecord(row);
        const { credentials, settings, ...fields } = patch;
        if (settings !== undefined) row.settings = model.apply(before.settings, settings) as Record<string, unknown>;
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) (row as Record<string, unknown>)[k] = v;
        if (fields.erpUrl) row.erpUrl = fields.erpUrl.replace(/\/+$/, '');
        row.updatedAt = new Date();
        // The same credentials again (every boot passes the environment's) are no change: neither rewritten nor
        // audited nor announced.
        const current = credentials && row.credentialsRef ? await secrets.get<BackendCredentials>(row.credentialsRef, tx).catch(() => null) : null;
        const newCredentials = credentials !== undefined && JSON.stringify(current) !== JSON.stringify(credentials);
        if (credentials && newCredentials) {
          row.credentialsRef = credentialsRefOf(row.id);
          await secrets.put(row.credentialsRef, credentials, tx);
          row.secretStates = { ...credentialStatesOf(credentials) };
          // A remote's refusal of the old credentials is over: its jobs call again with the new ones.
          await tx.execute('delete from backend_auth_refusal where backend_id = ?', [id]);
        }
        await tx.flush();
        const record = toRecord(row);
        // What changed: fields, and of the settings only the namespaces that changed.
        const { settings: s0, ...f0 } = auditViewOf(before);
        const { settings: s1, ...f1 } = auditViewOf(record);
        const diff = changedFields(f0, f1);
        const ns = changedFields(s0 as Record<string, unknown>, s1 as Record<string, unknown>);
        if (Object.keys(ns.after).length) {
          diff.before.settings = ns.before;
          diff.after.settings = ns.after;
        }
        // Credentials are never in the log: only the fact that they changed.
        if (newCredentials) diff.after.credentials = 'replaced';
        const action = Object.keys(diff.after).every((k) => k === 'settings') ? 'backend.settings' : 'backend.update';
        if (Object.keys(diff.after).length || Object.keys(diff.before).length) {
          await announce(tx, { actor: actorOf(opts), action, backendId: id, target: `backend:${id}`, ...diff });
        }
        if (opts?.inTransaction) await opts.inTransaction(sqlOf(tx), { before, after: record, credentialsChanged: newCredentials });
        return record;
      }));
    },
    ...lifecycle,
    async credentials(id) {
      const b = await service.get(id);
      const creds = b.credentialsRef ? await secrets.get<BackendCredentials>(b.credentialsRef) : null;
      if (!creds) throw new PermanentError('SETUP_INCOMPLETE', `backend ${id} has no credentials`, { backendId: id });
      return creds;
    },
    async recordErpVersion(id, version) {
      await em().nativeUpdate(Backend, { id, erpVersion: null }, { erpVersion: version });
    },
    async ensure(input, opts) {
      const existing = await service.findByName(input.name);
      if (existing) return service.update(existing.id, input, opts);
      try {
        return await service.create(input, opts);
      } catch (e) {
        // Another process created it between our look-up and our insert: it is ours to update all the same.
        if ((e as { code?: string }).code !== 'BACKEND_NAME_TAKEN') throw e;
        const winner = await service.findByName(input.name);
        if (!winner) throw e;
        return service.update(winner.id, input, opts);
      }
    },
    async markSetUp(id, tx) {
      // The old value is read in the statement that sets the new one (row locked): one caller sees the first time.
      const { rows } = await tx.query<{ first: boolean }>(
        `update backend b set set_up_at = now() from (select id, set_up_at from backend where id = $1 for update) old
          where b.id = old.id returning old.set_up_at is null as first`,
        [id],
      );
      return rows[0]?.first ?? false;
    },
  };
  return service;
}
