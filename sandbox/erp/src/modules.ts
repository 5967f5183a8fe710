/**
 * Optional Odoo modules the sandbox can emulate, chosen at start (`startErpSandbox({ modules: ['base_vat'] })`,
 * CLI `ERP_SANDBOX_MODULES=base_vat`). Like an installed Odoo module, a module stays installed in its database:
 * later starts on the same database keep it even without the option.
 */
import type { PoolClient } from 'pg';

/**
 * The modules the sandbox can install (at start or at runtime with `ir.module.module` `button_immediate_install`);
 * each adds models, fields and behaviour (see the README and `models/optional-modules.ts`). One per line, so
 * modules added on different branches merge.
 */
export const OPTIONAL_MODULES = [
  'base_vat',
  'stock_delivery',
  'base_automation',
] as const;
export type OptionalModule = (typeof OPTIONAL_MODULES)[number];

/** Records the requested modules in the database and answers every module installed there (with their dependencies). */
export async function installModules(tx: PoolClient, requested: readonly string[]): Promise<Set<OptionalModule>> {
  await tx.query('CREATE TABLE IF NOT EXISTS sandbox_module (name text PRIMARY KEY)');
  if (requested.length) await tx.query('INSERT INTO sandbox_module (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...requested]]);
  const r = await tx.query('SELECT name FROM sandbox_module ORDER BY name');
  return new Set(r.rows.map((x) => x.name as string).filter((n): n is OptionalModule => (OPTIONAL_MODULES as readonly string[]).includes(n)));
}
