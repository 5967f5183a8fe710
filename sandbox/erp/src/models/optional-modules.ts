/** The fields optional Odoo modules add to the base models (behaviour is looked up in `env.registry.modules`). */
import { bool } from '../orm/define.ts';
import type { FieldDef, Json, ModelDef } from '../orm/types.ts';

/** VIES is not emulated: with no company checking VIES, Odoo computes `vies_valid` false. */
const alwaysFalse = async (_env: unknown, ids: number[]): Promise<Map<number, Json>> => new Map(ids.map((id) => [id, false]));

const BASE_VAT: Record<string, Record<string, FieldDef>> = {
  'res.partner': { vies_valid: bool('Intra-Community Valid', { compute: alwaysFalse }) },
  'res.company': { vat_check_vies: bool('Verify VAT Numbers', { compute: alwaysFalse }) },
};

/** The models with the fields of the installed modules added. */
export function withModules(models: ModelDef[], modules: ReadonlySet<string>): ModelDef[] {
  if (!modules.has('base_vat')) return models;
  return models.map((m) => (BASE_VAT[m.name] ? { ...m, fields: { ...m.fields, ...BASE_VAT[m.name] } } : m));
}
