/** What optional Odoo modules add to the base models: new models and new fields (behaviour is looked up in `env.registry.modules`). */
import { bool } from '../orm/define.ts';
import type { FieldDef, Json, ModelDef } from '../orm/types.ts';
import { BASE_AUTOMATION_ACTION_FIELDS, baseAutomation } from './base-automation.ts';

/** VIES is not emulated: with no company checking VIES, Odoo computes `vies_valid` false. */
const alwaysFalse = async (_env: unknown, ids: number[]): Promise<Map<number, Json>> => new Map(ids.map((id) => [id, false]));

const BASE_VAT: Record<string, Record<string, FieldDef>> = {
  'res.partner': { vies_valid: bool('Intra-Community Valid', { compute: alwaysFalse }) },
  'res.company': { vat_check_vies: bool('Verify VAT Numbers', { compute: alwaysFalse }) },
};

/** One module's additions: models it brings and fields it adds to models (its own or others'). */
export interface ModuleExtension {
  models?: ModelDef[];
  fields?: Record<string, Record<string, FieldDef>>;
}

/** Per optional module (one per line, so modules added on different branches merge). */
export const MODULE_EXTENSIONS: Record<string, ModuleExtension> = {
  base_vat: { fields: BASE_VAT },
  base_automation: { models: [baseAutomation], fields: { 'ir.actions.server': BASE_AUTOMATION_ACTION_FIELDS } },
};

/** The models with the models and fields of the installed modules added (in the order of `MODULE_EXTENSIONS`). */
export function withModules(models: ModelDef[], modules: ReadonlySet<string>): ModelDef[] {
  let out = [...models];
  for (const [name, ext] of Object.entries(MODULE_EXTENSIONS)) {
    if (!modules.has(name)) continue;
    out.push(...(ext.models ?? []));
    const fields = ext.fields ?? {};
    out = out.map((m) => (fields[m.name] ? { ...m, fields: { ...m.fields, ...fields[m.name] } } : m));
  }
  return out;
}
