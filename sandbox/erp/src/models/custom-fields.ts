/**
 * Custom fields an integrator added to the ERP (Odoo's Settings > Technical > Fields, or Studio): `x_` fields on
 * existing models, stored in their own column, read and written like any other field and listed by `fields_get`
 * as Odoo lists a manual field. Given as a start option (the sandbox does not create fields over the API).
 */
import { Type, type Static } from 'typebox';
import type { FieldDef, ModelDef } from '../orm/types.ts';

export const CustomField = Type.Object({
  model: Type.String({ minLength: 1 }),
  name: Type.String({ pattern: '^x_[a-z0-9_]+$' }),
  type: Type.Union([
    Type.Literal('char'), Type.Literal('text'), Type.Literal('integer'), Type.Literal('float'), Type.Literal('boolean'),
    Type.Literal('date'), Type.Literal('datetime'), Type.Literal('selection'), Type.Literal('many2one'),
  ]),
  string: Type.String({ minLength: 1 }),
  relation: Type.Optional(Type.String({ minLength: 1 })),
  selection: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.String()]))),
  required: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type CustomField = Static<typeof CustomField>;

/** The models with the custom fields added; a field on a model the registry lacks is refused at start. */
export function withCustomFields(models: ModelDef[], custom: readonly CustomField[]): ModelDef[] {
  if (!custom.length) return models;
  const names = new Set(models.map((m) => m.name));
  for (const c of custom) {
    if (!names.has(c.model)) throw new Error(`ERP_SANDBOX_BAD_OPTIONS: custom field ${c.name} on unknown model ${c.model}`);
    if (c.type === 'many2one' && !(c.relation && names.has(c.relation))) throw new Error(`ERP_SANDBOX_BAD_OPTIONS: custom field ${c.name} needs a known relation`);
  }
  return models.map((m) => {
    const mine = custom.filter((c) => c.model === m.name);
    if (!mine.length) return m;
    const fields: Record<string, FieldDef> = { ...m.fields };
    for (const c of mine) {
      fields[c.name] = {
        type: c.type,
        string: c.string,
        ...(c.relation ? { relation: c.relation } : {}),
        ...(c.selection ? { selection: c.selection } : {}),
        ...(c.required ? { required: true } : {}),
      };
    }
    return { ...m, fields };
  });
}
