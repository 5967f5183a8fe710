/**
 * The format of a mapping row, fixed now so that the admin panel can edit rows later unchanged. A row sets one
 * ERP field (named as that backend's ERP names it, custom `x_` fields included) of one target model from:
 *
 * - `path`:     `{ "path": "salesChannel.marketplaceId" }`: a value of the Amazon order (or, for line targets,
 *               of the order item; `$order.` reaches the order from a line). Segments are property names and
 *               `[n]` indices: `orderItems[0].product.sellerSku`.
 * - `constant`: `{ "value": <any JSON> }`.
 * - `template`: `{ "template": "Amazon {{orderId}} ({{salesChannel.marketplaceName}})" }`: paths in `{{ }}`,
 *               missing ones render empty.
 * - `lookup`:   `{ "table": "carrier_map", "keyPath": "fulfillment.fulfillmentServiceLevel", "valuePath": "id" }`:
 *               the entry of a lookup table whose key is the value at keyPath (valuePath picks inside it).
 *
 * then `transforms`, in order: `trim`, `upper`, `lower`, `truncate:N`, `default:X` (X as JSON if it parses, else
 * text), `string`, `nonempty` (empty string -> null). `onlyCreate` rows are applied when the ERP record is created,
 * never on later updates. Rows apply by ascending `position`; a later row for the same field wins.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../errors.ts';

export const MAPPING_TARGETS = ['sale.order', 'sale.order.line', 'res.partner'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

const PATH = '^\\$?[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+\\])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+\\])*)*$';
export const TRANSFORM_PATTERN = '^(trim|upper|lower|string|nonempty|truncate:[1-9][0-9]{0,4}|default:.*)$';

export const PathSource = Type.Object({ path: Type.String({ pattern: PATH }) }, { additionalProperties: false });
export const ConstantSource = Type.Object({ value: Type.Unknown() }, { additionalProperties: false });
export const TemplateSource = Type.Object({ template: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export const LookupSource = Type.Object(
  {
    table: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
    keyPath: Type.String({ pattern: PATH }),
    valuePath: Type.Optional(Type.String({ pattern: PATH })),
  },
  { additionalProperties: false },
);

const common = {
  id: Type.Optional(Type.Integer()),
  flow: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
  target: Type.Union(MAPPING_TARGETS.map((t) => Type.Literal(t))),
  erpField: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' }),
  transforms: Type.Array(Type.String({ pattern: TRANSFORM_PATTERN }), { maxItems: 20 }),
  onlyCreate: Type.Boolean(),
  enabled: Type.Boolean(),
  position: Type.Integer({ minimum: 0 }),
};

/** One mapping row as stored in `mapping_rule` (camelCase) and as the API will carry it. */
export const MappingRuleSchema = Type.Union([
  Type.Object({ ...common, sourceKind: Type.Literal('path'), source: PathSource }, { additionalProperties: false }),
  Type.Object({ ...common, sourceKind: Type.Literal('constant'), source: ConstantSource }, { additionalProperties: false }),
  Type.Object({ ...common, sourceKind: Type.Literal('template'), source: TemplateSource }, { additionalProperties: false }),
  Type.Object({ ...common, sourceKind: Type.Literal('lookup'), source: LookupSource }, { additionalProperties: false }),
]);
export type MappingRule = Static<typeof MappingRuleSchema>;

const validator = Compile(MappingRuleSchema);

/** Validates one row; throws PermanentError('MAPPING_RULE_INVALID') saying which part is wrong. */
export function parseMappingRule(input: unknown): MappingRule {
  if (validator.Check(input)) return input;
  const kind = (input as { sourceKind?: unknown } | null)?.sourceKind;
  const problems = [...new Set(validator.Errors(input).map((e) => `${e.instancePath || '/'}: ${e.message}`))];
  throw new PermanentError('MAPPING_RULE_INVALID', `invalid mapping rule (sourceKind ${String(kind)}): ${problems.slice(0, 5).join('; ')}`, {
    problems,
  });
}
