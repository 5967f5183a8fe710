/**
 * Packages (Odoo's base `stock` module, shown once "Packages" is on in the inventory settings): the model is
 * `stock.package` in Odoo 19 and `stock.quant.package` up to 18, over one table here; a delivery's move line names
 * the package it is put in with `result_package_id` ("Put in Pack"). What is emulated: the package's name
 * (`PACK0000001`... from the `stock.quant.package` sequence when none is given), its `shipping_weight` (a float in
 * kg, 19's base field, 17/18's through stock_delivery: kept here in both), its company. Not emulated: package
 * types, nesting, quants inside packages, the "Put in Pack" button itself (a client writes `result_package_id`).
 */
import { char, defineModel, float, m2o } from '../orm/define.ts';
import type { ModelDef } from '../orm/types.ts';

export const packageModelName = (version: 18 | 19) => (version === 18 ? 'stock.quant.package' : 'stock.package');

export function stockPackage(version: 18 | 19): ModelDef {
  const m = defineModel({
    name: packageModelName(version),
    description: version === 18 ? 'Packages' : 'Package',
    order: 'name, id',
    fields: {
      name: char('Package Reference', { required: true }),
      shipping_weight: float('Shipping Weight'),
      company_id: m2o('res.company', 'Company'),
    },
    async prepareCreate(env, rows) {
      const need = rows.filter((r) => !r.name);
      if (!need.length) return;
      // Odoo's sequence: PACK and seven digits, never reused (a row lock keeps two creates apart).
      await env.tx.query(`SELECT pg_advisory_xact_lock(hashtext('stock_package_name'))`);
      const r = await env.tx.query(`SELECT coalesce(max(substring(name from '^PACK([0-9]+)$')::int), 0) AS n FROM stock_package`);
      let n = Number(r.rows[0]?.n ?? 0);
      for (const row of need) row.name = `PACK${String(++n).padStart(7, '0')}`;
    },
  });
  return { ...m, table: 'stock_package' };
}

/** The move line's destination package, on the version's package model. */
export const resultPackageField = (version: 18 | 19) => m2o(packageModelName(version), 'Destination Package', { index: true });
