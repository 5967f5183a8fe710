/**
 * Module installation state and installing a module while the sandbox runs (Odoo's `button_immediate_install`):
 * the module is recorded in `sandbox_module` (so it stays installed after a restart, as the start option does),
 * its tables and columns are created, `ir.model*` and `ir.module.module` learn its models, fields and state, all
 * in the call's transaction; the running registry takes the new models once the call has committed.
 */
import type { PoolClient } from 'pg';
import { ensureAutomationSchema } from '../automation/rule-triggers.ts';
import { OPTIONAL_MODULES } from '../modules.ts';
import { ensureSchema } from '../orm/ddl.ts';
import { valueError } from '../orm/errors.ts';
import type { Env, Json, Registry } from '../orm/types.ts';
import { installStockDelivery } from './delivery-carrier.ts';
import { syncIrModel } from './ir-model.ts';
import { BASE_INSTALLED, KNOWN_MODULES } from './module-catalog.ts';

const VERSION = '19.0.1.0';

/** Every installed module: the base set, the optional ones installed and their dependencies. */
export function installedModules(registry: Registry): Set<string> {
  const out = new Set(BASE_INSTALLED);
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.add(name);
    for (const d of KNOWN_MODULES.find((m) => m.name === name)?.depends ?? []) visit(d);
  };
  for (const m of registry.modules) visit(m);
  return out;
}

/** Writes `ir.module.module`: one record per known module, its state from the registry. */
export async function syncModuleStates(tx: PoolClient, registry: Registry): Promise<void> {
  await tx.query('CREATE UNIQUE INDEX IF NOT EXISTS ir_module_module_name_uniq ON ir_module_module (name)');
  const installed = installedModules(registry);
  const rows = KNOWN_MODULES.map((m) => ({ ...m, state: installed.has(m.name) ? 'installed' : 'uninstalled' }));
  await tx.query(
    `INSERT INTO ir_module_module (name, shortdesc, summary, category, application, state, author, license, latest_version, website)
     SELECT x.name, x.shortdesc, x.summary, x.category, x.application, x.state, 'Odoo S.A.', 'LGPL-3', CASE WHEN x.state = 'installed' THEN $2 END, 'https://www.odoo.com'
       FROM jsonb_to_recordset($1::jsonb) AS x(name text, shortdesc text, summary text, category text, application boolean, state text)
     ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, latest_version = EXCLUDED.latest_version`,
    [JSON.stringify(rows), VERSION],
  );
}

/** Everything the database needs for a registry: tables and columns, `ir.model*`, module states, the automation tables. */
export async function prepareDatabase(tx: PoolClient, registry: Registry): Promise<void> {
  await ensureSchema(tx, registry);
  await syncIrModel(tx, registry);
  await syncModuleStates(tx, registry);
  await ensureAutomationSchema(tx);
}

/**
 * `button_immediate_install`: installs the modules (and their uninstalled dependencies) the sandbox can emulate;
 * answers the action Odoo 19 answers when no set-up step is left (back to the web client).
 */
export async function immediateInstall(env: Env, ids: number[]): Promise<Json> {
  const r = await env.tx.query('SELECT name FROM ir_module_module WHERE id = ANY($1) ORDER BY id', [ids]);
  const installed = installedModules(env.registry);
  const wanted = new Set<string>();
  const add = (name: string) => {
    // a dependency the sandbox does not list (portal, resource, sms...) counts as there
    if (installed.has(name) || wanted.has(name) || !KNOWN_MODULES.some((m) => m.name === name)) return;
    wanted.add(name);
    for (const d of KNOWN_MODULES.find((m) => m.name === name)?.depends ?? []) add(d);
  };
  for (const x of r.rows) add(x.name as string);
  const optional = (n: string) => (OPTIONAL_MODULES as readonly string[]).includes(n);
  // what an optional module depends on comes with its emulation (stock_delivery brings delivery's carriers)
  const covered = new Set([...wanted].filter(optional).flatMap((n) => KNOWN_MODULES.find((m) => m.name === n)?.depends ?? []));
  const refused = [...wanted].filter((n) => !optional(n) && !covered.has(n));
  if (refused.length) {
    throw valueError(`The ERP sandbox cannot install ${refused.join(', ')}: it emulates the optional modules ${OPTIONAL_MODULES.join(', ')}.`);
  }
  if (wanted.size && env.registry.extend) {
    await env.tx.query('CREATE TABLE IF NOT EXISTS sandbox_module (name text PRIMARY KEY)');
    const modules = [...wanted].filter(optional);
    await env.tx.query('INSERT INTO sandbox_module (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [modules]);
    const next = env.registry.extend(new Set([...env.registry.modules, ...modules]));
    await prepareDatabase(env.tx, next);
    await installStockDelivery(env.tx, next);
    const registry = env.registry;
    // the running registry changes only once the installation is committed (a failed call installs nothing)
    (env.postcommit ??= []).push(() => {
      registry.models = next.models;
      registry.modules = next.modules;
    });
  }
  return { type: 'ir.actions.act_url', target: 'self', url: '/odoo' };
}
