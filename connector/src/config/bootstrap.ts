/**
 * The first backend from the environment (AMAZON_* and ODOO_*, real mode): read and checked by loadConfig, created
 * at boot when no backend of that name exists.
 */
import { isSyncError } from '../core/errors.ts';
import { backendSettings } from '../sync/backend-settings.ts';
import { AMAZON_BOOTSTRAP, ODOO_BOOTSTRAP, type Env } from './env.schema.ts';

export interface BootstrapBackend {
  name: string;
  /** A settings patch, namespaced (BACKEND_SETTINGS through the settings migration, checked here). */
  settings: Record<string, Record<string, unknown>>;
  amazon: {
    lwaClientId: string;
    lwaClientSecret: string;
    refreshToken: string;
    region: 'na' | 'eu' | 'fe';
    sellerId: string;
    marketplaceIds: string[];
  };
  erp: {
    url: string;
    db: string;
    version: '17' | '18' | '19' | null;
    /** ODOO_COMPANY_ID: the ERP company of a multi-company Odoo; null: the user's default company. */
    companyId: number | null;
    apiKey: string | null;
    login: string | null;
    password: string | null;
  };
}

/** AMAZON_* and ODOO_* together describe one backend: when any is set, the whole set must be complete. */
export function readBootstrap(e: Env & Record<string, string>, problems: Map<string, string>): BootstrapBackend | null {
  const group = [...AMAZON_BOOTSTRAP, ...ODOO_BOOTSTRAP];
  const present = group.filter((n) => e[n] !== undefined);
  if (present.length === 0) return null;
  const needed: string[] = [...AMAZON_BOOTSTRAP, 'ODOO_URL', 'ODOO_DB'];
  const version = e.ODOO_VERSION && e.ODOO_VERSION !== 'auto' ? e.ODOO_VERSION : null;
  // 17 and 18 speak JSON-RPC only: a login is needed, with a password or an API key in its place.
  if (version === '17' || version === '18' || !e.ODOO_API_KEY) needed.push('ODOO_LOGIN');
  if (!e.ODOO_API_KEY) needed.push('ODOO_PASSWORD');
  for (const n of needed) {
    if (e[n] === undefined && !problems.has(n)) {
      problems.set(n, `${n} is required when ${present.join(', ')} ${present.length > 1 ? 'are' : 'is'} set (a backend bootstrap needs the whole set)`);
    }
  }
  if (problems.size > 0) return null;
  let settings: Record<string, Record<string, unknown>> = {};
  if (e.BACKEND_SETTINGS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.BACKEND_SETTINGS);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      problems.set('BACKEND_SETTINGS', 'BACKEND_SETTINGS must be a JSON object');
      return null;
    }
    try {
      // The documented flat keys go through the same migration as stored settings, then the same strict checks.
      settings = backendSettings.fromLegacy(parsed);
      backendSettings.apply(backendSettings.defaults(), settings);
    } catch (err) {
      if (!isSyncError(err)) throw err;
      problems.set('BACKEND_SETTINGS', `BACKEND_SETTINGS is invalid: ${err.message}`);
      return null;
    }
  }
  return {
    name: e.BACKEND_NAME ?? 'default',
    settings,
    amazon: {
      lwaClientId: e.AMAZON_LWA_CLIENT_ID!,
      lwaClientSecret: e.AMAZON_LWA_CLIENT_SECRET!,
      refreshToken: e.AMAZON_REFRESH_TOKEN!,
      region: e.AMAZON_REGION!,
      sellerId: e.AMAZON_SELLER_ID!,
      marketplaceIds: e.AMAZON_MARKETPLACE_IDS!.split(',').map((s) => s.trim()),
    },
    erp: {
      url: e.ODOO_URL!.replace(/\/+$/, ''),
      db: e.ODOO_DB!,
      version,
      companyId: e.ODOO_COMPANY_ID ? Number(e.ODOO_COMPANY_ID) : null,
      apiKey: e.ODOO_API_KEY ?? null,
      login: e.ODOO_LOGIN ?? null,
      password: e.ODOO_PASSWORD ?? null,
    },
  };
}
