/**
 * The backends list as one plain SQL read: the API lists every backend on each `GET /api/backends` (weight 2 of the
 * API bench) and the workers on every tick, and the ORM's find (identity map, entity hydration) plus parsing each
 * backend's settings through the composed model (migrate, default, validate) cost ~4 ms of CPU a call. Parsed
 * settings are memoized by the stored JSON text, so they are parsed again exactly when they change.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Backend } from './backend.entity.ts';
import type { InferEntity } from '@mikro-orm/core';
import { toBackendRecord, type BackendRecord } from './backend-record.ts';
import type { BackendSettings, BackendSettingsModel } from './settings/index.ts';

type Row = Omit<InferEntity<typeof Backend>, 'settings'> & { settingsText: string };

const COLUMNS = `id, name, amazon_region as "amazonRegion", seller_id as "sellerId", marketplace_ids as "marketplaceIds", erp_url as "erpUrl",
  erp_db as "erpDb", erp_version as "erpVersion", erp_company_id as "erpCompanyId", settings::text as "settingsText",
  credentials_ref as "credentialsRef", secret_states as "secretStates", enabled, deleted_at as "deletedAt", set_up_at as "setUpAt",
  created_at as "createdAt", updated_at as "updatedAt"`;

/** Deeply frozen: a memoized value is shared by every record listed until the settings change. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** `list` of the backend service: backends ordered by id, the deleted ones only when asked. */
export function backendLister(em: () => EntityManager, model: BackendSettingsModel) {
  // Stored settings text -> parsed settings (a handful of distinct values: one per backend and version of it).
  const parsed = new Map<string, BackendSettings>();
  const settingsOf = (text: string): BackendSettings => {
    let s = parsed.get(text);
    if (!s) {
      if (parsed.size >= 1000) parsed.clear();
      s = deepFreeze(model.read(JSON.parse(text)).settings);
      parsed.set(text, s);
    }
    return s;
  };
  return async (opts: { includeDeleted?: boolean } = {}): Promise<BackendRecord[]> => {
    const rows = await em().getConnection().execute<Row[]>(`select ${COLUMNS} from backend ${opts.includeDeleted ? '' : 'where deleted_at is null'} order by id`);
    return rows.map(({ settingsText, ...row }) => {
      // The ORM's connection leaves timestamps as text (its driver turns off pg's date parsing): Dates as find gave.
      const dated = { ...row, deletedAt: dateOf(row.deletedAt), setUpAt: dateOf(row.setUpAt), createdAt: dateOf(row.createdAt)!, updatedAt: dateOf(row.updatedAt)!, settings: {} };
      return { ...toBackendRecord(dated as InferEntity<typeof Backend>, IDENTITY), settings: settingsOf(settingsText) };
    });
  };
}

const dateOf = (v: Date | string | null | undefined): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v));

/** toBackendRecord's model for a row whose settings are parsed apart (above). */
const IDENTITY = { read: () => ({ settings: {} as BackendSettings, dropped: [] }) } as unknown as BackendSettingsModel;
