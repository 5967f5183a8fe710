/**
 * The ERP sandbox: an Odoo 19 (or 18) stand-in over JSON-2 and JSON-RPC, keeping its records in its own
 * PostgreSQL database, which it sets up and seeds itself when empty.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { CostModel, type CostSnapshot } from './cost/cost-model.ts';
import type { Clock } from './cost/clock.ts';
import { ErpFaults, type ActiveErpRule, type ErpFaultRule, type ErpFaultsSnapshot } from './faults/fault-rules.ts';
import { ensureActivityTypes } from './models/mail-activity.ts';
import { buildRegistry } from './models/registry.ts';
import { CustomField } from './models/custom-fields.ts';
import { OPTIONAL_MODULES, installModules, type OptionalModule } from './modules.ts';
import { prepareDatabase } from './models/module-install.ts';
import { WebhookLog, type WebhookDelivery } from './automation/webhook-send.ts';
import { installStockDelivery } from './models/delivery-carrier.ts';
import { buildApp } from './server/app.ts';
import { ensureHostUsers } from './host/host-users.ts';
import type { ServerCtx } from './server/run-call.ts';
import { StatsCounter, type ErpStats } from './server/stats.ts';
import { isEmpty, seed } from './seed/seed.ts';

export type { ErpStats } from './server/stats.ts';
export type { CostSnapshot } from './cost/cost-model.ts';
export type { ActiveErpRule, ErpFaultKind, ErpFaultRule, ErpFaultsSnapshot } from './faults/fault-rules.ts';
export type { TimelineEntry } from './cost/call-timeline.ts';
export type { WebhookDelivery } from './automation/webhook-send.ts';
export { VirtualClock, type Clock } from './cost/clock.ts';

export const ErpSandboxOptions = Type.Object({
  databaseUrl: Type.String({ minLength: 1 }),
  host: Type.Optional(Type.String()),
  port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  version: Type.Optional(Type.Union([Type.Literal(19), Type.Literal(18)])),
  dbName: Type.Optional(Type.String({ minLength: 1 })),
  apiKey: Type.Optional(Type.String({ minLength: 8 })),
  /** Optional Odoo modules to install (kept in the database once installed), e.g. `['base_vat', 'base_automation']`. */
  modules: Type.Optional(Type.Array(Type.Unsafe<OptionalModule>(Type.Union(OPTIONAL_MODULES.map((m) => Type.Literal(m)))))),
  /**
   * A real Odoo 19's cost per call, all calls sharing one capacity (README, "The cost model"): each answer waits
   * for its modelled duration times `scale` (1 = a real Odoo's speed, 0.05 = twenty times faster). Off when absent.
   */
  /** Custom `x_` fields an integrator added (Studio / Technical > Fields): stored, written and listed by fields_get. */
  customFields: Type.Optional(Type.Array(CustomField)),
  cost: Type.Optional(Type.Object({ scale: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }) })),
  /**
   * What an empty database is seeded with: 'demo' (default: a German seller in EUR with per-country VAT taxes and
   * the catalogue in stock) or 'fresh' (like a new Odoo 19: US company in USD, only USD active, 15 % tax, the
   * Domestic / Foreign Trade fiscal positions, no products unless `products: true`); `companyCountry` moves the
   * company (and its fiscal country) to another country.
   */
  seed: Type.Optional(Type.Union([
    Type.Union([Type.Literal('fresh'), Type.Literal('demo')]),
    Type.Object({
      kind: Type.Optional(Type.Union([Type.Literal('fresh'), Type.Literal('demo')])),
      catalogue: Type.Optional(Type.String()),
      activeCurrencies: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 3 }))),
      products: Type.Optional(Type.Boolean()),
      /** ISO code of the company's country, e.g. 'FR' (default: DE for the demo, US for a fresh database). */
      companyCountry: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    }),
  ])),
  /**
   * The embedded admin panel's host page (`/web/login`, `/odoo/amazon`; README "The Amazon page"): the connector's
   * base URL and the secret shared with it (its PANEL_EMBED_SECRET). Without it the page says it is not configured.
   */
  panel: Type.Optional(Type.Object({ url: Type.String({ pattern: '^https?://' }), secret: Type.String({ minLength: 32 }) })),
});
export type ErpSandboxOptions = Type.Static<typeof ErpSandboxOptions>;
const checkOptions = Compile(ErpSandboxOptions);

export interface RunningErpSandbox {
  url: string;
  port: number;
  apiKey: string;
  dbName: string;
  stats(): ErpStats;
  resetStats(): void;
  /** The cost model's totals (`{ enabled: false }` when it is off). */
  cost(): CostSnapshot | { enabled: false };
  resetCost(): void;
  /** A share of the calls fails (kinds drawn from a list) for a while; seeded: deterministic (README, "Faults"). */
  injectFaultRule(rule: ErpFaultRule): ActiveErpRule;
  /** The live fault rules and the faults given so far. */
  faults(): ErpFaultsSnapshot;
  /** Forgets every fault rule (the counters stay). */
  clearFaults(): void;
  /** The webhook POSTs automation rules sent, oldest first (the last 1,000; README, "Automation rules and webhooks"). */
  webhooks(): WebhookDelivery[];
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The demo catalogue shared with the Amazon sandbox. */
export const DEFAULT_CATALOGUE = join(here, '..', '..', 'catalogue', 'catalogue.json');

// numeric and timestamps come back as text: amounts stay exact, dates keep Odoo's "YYYY-MM-DD HH:MM:SS"
pg.types.setTypeParser(1114, (v) => v);
pg.types.setTypeParser(1082, (v) => v);

/** What a test may inject: the cost model's clock (a VirtualClock makes timed tests exact). */
export interface ErpSandboxDeps {
  clock?: Clock;
  /**
   * The wall-clock time each call happens at (records' `write_date`, `date_done`, invoice dates); the conformance
   * replay pins it to the recording's timeline so that `write_date` searches find what they found on the real Odoo.
   */
  now?: () => Date;
}

/** Starts the sandbox; an existing database keeps its records (and its API key unless `apiKey` is given). */
export async function startErpSandbox(opts: ErpSandboxOptions, deps: ErpSandboxDeps = {}): Promise<RunningErpSandbox> {
  if (!checkOptions.Check(opts)) {
    const first = [...checkOptions.Errors(opts)][0];
    throw new Error(`ERP_SANDBOX_BAD_OPTIONS: ${first ? `${first.instancePath} ${first.message}` : 'invalid options'}`);
  }
  const version = opts.version ?? 19;
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 8 });
  let apiKey = opts.apiKey ?? randomBytes(20).toString('hex');
  const client = await pool.connect();
  let registry: ReturnType<typeof buildRegistry>;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(8069)');
    registry = buildRegistry(version, await installModules(client, opts.modules ?? []), opts.customFields ?? []);
    await prepareDatabase(client, registry);
    if (await isEmpty(client)) {
      const s = typeof opts.seed === 'string' ? { kind: opts.seed } : (opts.seed ?? {});
      await seed(client, { apiKey, catalogue: s.catalogue ?? DEFAULT_CATALOGUE, kind: s.kind, activeCurrencies: s.activeCurrencies,
        products: s.products, companyCountry: s.companyCountry });
    } else if (opts.apiKey) {
      await client.query('UPDATE sandbox_credential SET api_key = $1 WHERE uid = 2', [opts.apiKey]);
    } else {
      apiKey = (await client.query('SELECT api_key FROM sandbox_credential WHERE uid = 2')).rows[0].api_key as string;
    }
    await installStockDelivery(client, registry);
    await ensureActivityTypes(client);
    await ensureHostUsers(client);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    client.release();
    await pool.end();
    throw e;
  }
  client.release();
  const ctx: ServerCtx = { pool, registry, stats: new StatsCounter(), dbName: opts.dbName ?? 'demo', version, keyCache: new Map(), faults: new ErpFaults(),
    webhooks: new WebhookLog(),
    ...(opts.panel ? { panel: opts.panel } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(opts.cost ? { cost: new CostModel({ scale: opts.cost.scale, ...(deps.clock ? { clock: deps.clock } : {}) }) } : {}) };
  const app = buildApp(ctx);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 8069 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 8069);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    apiKey,
    dbName: ctx.dbName,
    stats: () => ctx.stats.snapshot(),
    resetStats: () => ctx.stats.reset(),
    cost: () => ctx.cost?.snapshot() ?? { enabled: false },
    resetCost: () => ctx.cost?.reset(),
    injectFaultRule: (rule) => ctx.faults.add(rule),
    faults: () => ctx.faults.snapshot(),
    clearFaults: () => ctx.faults.clear(),
    webhooks: () => ctx.webhooks.list(),
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
