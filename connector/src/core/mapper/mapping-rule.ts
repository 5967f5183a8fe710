/**
 * The format of an integrator-editable mapping row. Fixed now so the admin panel can edit rows later unchanged:
 * one row sets one ERP field (named as that backend's ERP names it, custom `x_` fields included) from a source,
 * through transforms, on create only or on every sync. Rows override the mapper's default for the same field.
 */
import { Type, type Static } from 'typebox';

/**
 * The ERP model (or part, e.g. `delivery`) a row sets a field of. Core keeps it a plain string: each flow declares
 * its targets (`FlowDefinition.mappingTargets`), and writes are checked against them (validateRule's `targets`).
 */
export type MappingTarget = string;

/** Where a value comes from: a path into the Amazon object, a constant, a template, or a lookup table. */
export const MappingSource = Type.Union([
  Type.Object({ kind: Type.Literal('path'), path: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('constant'), value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('template'), template: Type.String() }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('lookup'), table: Type.String({ minLength: 1 }), keyPath: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
]);
export type MappingSource =
  | { kind: 'path'; path: string }
  | { kind: 'constant'; value: string | number | boolean | null }
  | { kind: 'template'; template: string }
  | { kind: 'lookup'; table: string; keyPath: string };

/** 'trim' | 'upper' | 'lower' | 'truncate:<n>' | 'default:<text>'. */
export const MappingTransform = Type.Union([
  Type.Literal('trim'),
  Type.Literal('upper'),
  Type.Literal('lower'),
  Type.String({ pattern: '^truncate:[1-9][0-9]*$' }),
  Type.String({ pattern: '^default:' }),
]);
export type MappingTransform = 'trim' | 'upper' | 'lower' | `truncate:${number}` | `default:${string}`;

export const MappingRule = Type.Object(
  {
    target: Type.String({ minLength: 1, maxLength: 63, description: "one of the flow's mapping targets (e.g. sale.order)" }),
    erpField: Type.String({ minLength: 1, maxLength: 63 }),
    source: MappingSource,
    transforms: Type.Array(MappingTransform),
    onlyCreate: Type.Boolean(),
    enabled: Type.Boolean(),
    position: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export interface MappingRule {
  target: MappingTarget;
  erpField: string;
  source: MappingSource;
  transforms: MappingTransform[];
  onlyCreate: boolean;
  enabled: boolean;
  position: number;
}

/** Compile-time guard: the schema and the interface describe the same row. */
export type MappingRuleShape = Static<typeof MappingRule>;

/** Lookup tables a caller passes to applyRules: table name -> key -> value. */
export type LookupTables = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
// Fails to compile if the interface drifts from the schema (the schema validates what the interface promises).
export const _ruleMatchesSchema = (r: MappingRule): MappingRuleShape => r;
