/**
 * The carrier map's set-up step: a backend with carrier rows needs `sale.order.carrier_id`, which Odoo adds with
 * its delivery module (stock_delivery). Missing, it is installed with the integrator's consent (the set-up fix
 * "install-modules", or the setting erpSetup.installModules), else reported as MODULE_MISSING with what to do.
 * Orders never wait for it: they import without a carrier meanwhile (order-context.ts). With the field there, rows
 * naming a carrier the ERP no longer has are reported (MAPPING_TARGET_NOT_FOUND): Odoo would refuse those orders.
 */
import { erpSetupSettings, notifyBackendChanged } from '../../../core/backend/index.ts';
import { isSyncError } from '../../../core/errors.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { FlowSetupStep } from '../../frame/flow.ts';
import { moduleStates } from '../../frame/erp-modules.ts';
import { CARRIER_MODULE, saleOrderHasCarrier } from '../erp/carrier-field.ts';
import type { CarrierMapValue } from '../orders.lookups.ts';

/** Installs the carrier module; the ERP's refusal (a dependency it lacks) as text, null when it went through. */
async function install(erp: ErpPort, moduleId: number): Promise<string | null> {
  try {
    await erp.call('ir.module.module', 'button_immediate_install', [moduleId]);
    return null;
  } catch (e) {
    if (!isSyncError(e) || e.kind !== 'permanent') throw e;
    return e.message.slice(0, 300);
  }
}

export const carrierSetupStep: FlowSetupStep = {
  name: 'orders: the carrier map needs the ERP delivery module',
  async run(ctx) {
    const rows = (await ctx.core.lookups.loadTables(ctx.backend.id, ['service_level_carriers'])).get('service_level_carriers') ?? new Map<string, unknown>();
    if (rows.size === 0) return;
    if (!(await saleOrderHasCarrier(ctx.erp))) {
      const [moduleId] = await ctx.erp.search('ir.module.module', [['name', '=', CARRIER_MODULE]], { limit: 1 });
      const consent = ctx.installModules ?? erpSetupSettings.of(ctx.backend.settings).installModules === true;
      let refusal: string | null = null;
      if (moduleId !== undefined && consent) {
        refusal = await install(ctx.erp, moduleId);
        if ((await moduleStates(ctx.erp, [CARRIER_MODULE])).get(CARRIER_MODULE) === 'installed' && (await saleOrderHasCarrier(ctx.erp))) {
          ctx.report.changed.push({ what: `module ${CARRIER_MODULE} installed (orders: the carrier map's carriers on sales orders)`, erpModel: 'ir.module.module', erpId: moduleId });
          // Every process reads its reference data again: the next batch applies the carrier rows.
          await notifyBackendChanged(ctx.core.pool, ctx.backend.id, 'mappings');
          return;
        }
      }
      const why = `orders: the carrier map has ${rows.size} row(s), but the ERP's sales orders have no carrier (sale.order.carrier_id comes with ${CARRIER_MODULE}); orders import without a carrier until then`;
      const how = moduleId === undefined
        ? `the ERP module ${CARRIER_MODULE} is not available in this ERP (${why}); add it to the Odoo server's addons, then run the set-up again`
        : `the ERP module ${CARRIER_MODULE} is not installed (${why}); install it in Odoo (Apps menu, search "${CARRIER_MODULE}", Activate), or let the set-up install it (the fix "install-modules", or the backend setting erpSetup.installModules = true); then run the set-up again`;
      ctx.report.problems.push({ code: 'MODULE_MISSING', message: refusal ? `${how} (the ERP refused to install it: ${refusal})` : how });
      return;
    }
    const wanted = [...new Set([...rows.values()].map((v) => (v as CarrierMapValue).carrierId))];
    const found = new Set(await ctx.erp.search('delivery.carrier', [['id', 'in', wanted]]));
    const gone = [...rows].filter(([, v]) => !found.has((v as CarrierMapValue).carrierId)).map(([k, v]) => `${k} -> ${(v as CarrierMapValue).carrierId}`);
    if (gone.length) {
      ctx.report.problems.push({
        code: 'MAPPING_TARGET_NOT_FOUND',
        message: `carrier map rows name carriers the ERP does not have (or archived): ${gone.join(', ')}; pick another carrier for them in the Marketplaces screen`,
      });
    }
  },
};
