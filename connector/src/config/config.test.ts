import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadOrCreateKeyFile, redact } from './index.ts';

const key = randomBytes(32).toString('base64');
const base = {
  DATABASE_URL: 'postgres://connector:db-pass-123@127.0.0.1:5432/connector',
  CONNECTOR_SECRET_KEY: key,
  CONNECTOR_ADMIN_TOKEN: 'admin-token-0123456789',
};
const realMode = {
  AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.abc',
  AMAZON_LWA_CLIENT_SECRET: 'lwa-secret-xyz',
  AMAZON_REFRESH_TOKEN: 'Atzr|refresh-xyz',
  AMAZON_REGION: 'eu',
  AMAZON_SELLER_ID: 'A2SELLER',
  AMAZON_MARKETPLACE_IDS: 'A1PA6795UKMFR9, A13V1IB3VIYZZH',
  ODOO_URL: 'https://erp.example.com/',
  ODOO_DB: 'prod',
  ODOO_API_KEY: 'odoo-key-secret',
};

function configError(env: Record<string, string>): { code: string; message: string; variables: string[] } {
  try {
    loadConfig(env);
  } catch (e) {
    const err = e as { code: string; message: string; details: { variables: string[] } };
    return { code: err.code, message: err.message, variables: err.details.variables };
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('reads the panel sign-in settings: embed secret (hidden), ERP origins normalised, local login on by default', () => {
    expect(loadConfig(base).panel).toEqual({ embedSecret: null, erpOrigins: [], erpIssuers: [], localLogin: true });
    const secret = 'x'.repeat(40);
    const c = loadConfig({ ...base, PANEL_EMBED_SECRET: secret, PANEL_ERP_ORIGINS: 'https://ERP.example.com, http://localhost:8069/', PANEL_LOCAL_LOGIN: 'false' });
    expect(c.panel).toEqual({ embedSecret: secret, erpOrigins: ['https://erp.example.com', 'http://localhost:8069'], erpIssuers: [], localLogin: false });
    expect(JSON.stringify(redact(c))).not.toContain(secret);
    expect(configError({ ...base, PANEL_EMBED_SECRET: 'short' }).variables).toEqual(['PANEL_EMBED_SECRET']);
    for (const bad of ['erp.example.com', 'https://erp.example.com/odoo', 'ftp://erp', 'https://u:p@erp.example.com']) {
      expect(configError({ ...base, PANEL_ERP_ORIGINS: bad }).variables, bad).toEqual(['PANEL_ERP_ORIGINS']);
    }
  });

  it('applies defaults for a minimal demo environment', () => {
    const c = loadConfig({ ...base, AMAZON_ENDPOINT_OVERRIDE: '127.0.0.1:4010', CONNECTOR_API_PORT: '' });
    expect(c.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(c.worker).toEqual({ concurrency: 4, metricsPort: null, setupRetry: { firstSeconds: 5, maxSeconds: 300 } });
    expect(c.role).toBe('all');
    expect(c.logLevel).toBe('info');
    expect(c.secretKey.length).toBe(32);
    expect(c.amazonEndpoint).toEqual({ host: '127.0.0.1', port: 4010 });
    expect(c.bootstrap).toBeNull();
  });

  it("reads a worker's own metrics port, and refuses one out of range", () => {
    expect(loadConfig({ ...base, CONNECTOR_WORKER_METRICS_PORT: '9464' }).worker.metricsPort).toBe(9464);
    expect(configError({ ...base, CONNECTOR_WORKER_METRICS_PORT: '0' }).variables).toEqual(['CONNECTOR_WORKER_METRICS_PORT']);
  });

  it('names every bad variable at once, without echoing secret values', () => {
    const err = configError({
      CONNECTOR_SECRET_KEY: randomBytes(16).toString('base64'),
      CONNECTOR_ADMIN_TOKEN: 'short',
      CONNECTOR_API_PORT: '70000',
      LOG_LEVEL: 'loud',
    });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.variables.sort()).toEqual(
      ['CONNECTOR_ADMIN_TOKEN', 'CONNECTOR_API_PORT', 'CONNECTOR_SECRET_KEY', 'DATABASE_URL', 'LOG_LEVEL'].sort(),
    );
    expect(err.message).toMatch(/DATABASE_URL is required/);
    expect(err.message).toMatch(/CONNECTOR_SECRET_KEY must be 32 bytes/);
    expect(err.message).not.toContain('short');
  });

  it('refuses backend settings that are not a JSON object', () => {
    for (const bad of ['[1]', 'not json', '3']) {
      expect(() => loadConfig({ ...base, ...realMode, BACKEND_SETTINGS: bad })).toThrow(/BACKEND_SETTINGS must be a JSON object/);
    }
  });

  it('reads a complete real-mode bootstrap', () => {
    const c = loadConfig({ ...base, ...realMode, BACKEND_SETTINGS: '{"sweepIntervalSeconds":30}' });
    expect(c.bootstrap).toEqual({
      name: 'default',
      // The documented flat keys, mapped into their namespaces by the settings migration.
      settings: { orders: { sweepIntervalSeconds: 30 }, quota: {}, privacy: {}, retention: {}, vat: {}, erpSetup: {}, erpCalls: {}, changeFeed: {}, goLive: {}, fba: {}, invoices: {}, shipments: {}, cancellations: {}, feeds: {}, reorder: {}, merchantStock: {}, fbaStock: {}, refunds: {}, refundAdjustments: {}, fbaReturns: {}, returns: {}, care: {}, labels: {}, reviewRequests: {}, accountHealth: {}, settlements: {} },
      amazon: {
        lwaClientId: 'amzn1.application-oa2-client.abc',
        lwaClientSecret: 'lwa-secret-xyz',
        refreshToken: 'Atzr|refresh-xyz',
        region: 'eu',
        sellerId: 'A2SELLER',
        marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
      },
      erp: { url: 'https://erp.example.com', db: 'prod', version: null, companyId: null, apiKey: 'odoo-key-secret', login: null, password: null },
    });
  });

  it('reads the ERP company of a multi-company Odoo (ODOO_COMPANY_ID), a positive id only', () => {
    expect(loadConfig({ ...base, ...realMode, ODOO_COMPANY_ID: '2' }).bootstrap?.erp.companyId).toBe(2);
    for (const bad of ['0', '-1', 'two', '1.5']) expect(configError({ ...base, ...realMode, ODOO_COMPANY_ID: bad }).variables).toEqual(['ODOO_COMPANY_ID']);
  });

  it('checks BACKEND_SETTINGS with the settings schema: unknown keys and values out of bounds stop the boot', () => {
    const unknown = configError({ ...base, ...realMode, BACKEND_SETTINGS: '{"batchsize":20}' });
    expect(unknown.variables).toEqual(['BACKEND_SETTINGS']);
    expect(unknown.message).toContain('unknown setting "batchsize"');
    const huge = configError({ ...base, ...realMode, BACKEND_SETTINGS: '{"sweepIntervalSeconds":1e29}' });
    expect(huge.message).toContain('orders.sweepIntervalSeconds');
    const ns = loadConfig({ ...base, ...realMode, BACKEND_SETTINGS: '{"orders":{"pageSize":20},"piiRetentionDays":14}' });
    expect(ns.bootstrap?.settings).toEqual({ orders: { pageSize: 20 }, privacy: { piiRetentionDays: 14 }, quota: {}, retention: {}, vat: {}, erpSetup: {}, erpCalls: {}, changeFeed: {}, goLive: {}, fba: {}, invoices: {}, shipments: {}, cancellations: {}, feeds: {}, reorder: {}, merchantStock: {}, fbaStock: {}, refunds: {}, refundAdjustments: {}, fbaReturns: {}, returns: {}, care: {}, labels: {}, reviewRequests: {}, accountHealth: {}, settlements: {} });
  });

  it('reads the ERP URL switch (off by default)', () => {
    expect(loadConfig(base).erpUrls).toEqual({ allowLinkLocal: false });
    expect(loadConfig({ ...base, CONNECTOR_ERP_ALLOW_LINK_LOCAL: 'true' }).erpUrls).toEqual({ allowLinkLocal: true });
    expect(configError({ ...base, CONNECTOR_ERP_ALLOW_LINK_LOCAL: 'yes' }).variables).toEqual(['CONNECTOR_ERP_ALLOW_LINK_LOCAL']);
  });

  it('validates the bootstrap set together', () => {
    const partial = configError({ ...base, AMAZON_SELLER_ID: 'A2SELLER' });
    expect(partial.variables).toContain('AMAZON_REFRESH_TOKEN');
    expect(partial.variables).toContain('ODOO_URL');
    expect(partial.message).toMatch(/AMAZON_SELLER_ID is set/);
    // Odoo 18 speaks JSON-RPC only: an API key alone is not enough, a login must come with it.
    const v18 = configError({ ...base, ...realMode, ODOO_VERSION: '18' });
    expect(v18.variables).toEqual(['ODOO_LOGIN']);
    const login = loadConfig({ ...base, ...realMode, ODOO_API_KEY: '', ODOO_LOGIN: 'admin', ODOO_PASSWORD: 'pw' });
    expect(login.bootstrap?.erp).toMatchObject({ login: 'admin', password: 'pw', apiKey: null });
  });

  it('redact() keeps the shape and drops every secret', () => {
    const c = loadConfig({ ...base, ...realMode, CONNECTOR_PREVIOUS_SECRET_KEYS: randomBytes(32).toString('base64') });
    const dump = JSON.stringify(redact(c));
    for (const secret of ['db-pass-123', key, 'admin-token-0123456789', 'lwa-secret-xyz', 'Atzr|refresh-xyz', 'odoo-key-secret']) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain('A2SELLER');
    expect(redact(c).databaseUrl).toBe('postgres://connector:%5Bredacted%5D@127.0.0.1:5432/connector');
  });
});

describe('loadOrCreateKeyFile', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'aec-key-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates a 0600 key once and returns the same key afterwards', () => {
    const path = join(scratch(), 'data', 'secret.key');
    const first = loadOrCreateKeyFile(path);
    expect(Buffer.from(first, 'base64').length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path)).toBe(first);
    expect(loadConfig({ ...base, CONNECTOR_SECRET_KEY: readFileSync(path, 'utf8') }).secretKey.toString('base64')).toBe(first);
  });

  it('refuses a key file that does not hold a 32-byte key', () => {
    const path = join(scratch(), 'bad.key');
    writeFileSync(path, 'bm90IGEga2V5');
    expect(() => loadOrCreateKeyFile(path)).toThrow(/32 bytes/);
  });
});
