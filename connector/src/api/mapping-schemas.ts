/**
 * The shapes of the mapping editor's API (rows, flows and their targets, the ERP's fields, the preview, lookup
 * tables), registered as named components so the panel's generated types name them.
 */
import { Type, type Static } from 'typebox';
import { MappingRule } from '../core/mapper/index.ts';
import { Nullable } from './schemas.ts';

/** A stored row: the format the engine runs (core/mapper), with its id and flow. */
export const MappingRuleView = Type.Object(
  { id: Type.Integer(), flow: Type.String(), ...MappingRule.properties },
  { $id: 'MappingRuleView', additionalProperties: false, description: 'a mapping row as stored (see core/mapper/README.md)' },
);
export type MappingRuleViewT = Static<typeof MappingRuleView>;

export const MappingRuleList = Type.Object({ items: Type.Array(Type.Unsafe<MappingRuleViewT>({ $ref: 'MappingRuleView#' })) }, { $id: 'MappingRuleList' });

export const MappingFlow = Type.Object(
  {
    flow: Type.String(),
    description: Type.String(),
    targets: Type.Array(Type.Object({
      target: Type.String({ description: 'what a row names in `target`' }),
      erpModel: Type.String({ description: 'the ERP model whose fields it sets' }),
      description: Type.String(),
    })),
  },
  { $id: 'MappingFlow', description: 'a flow whose ERP writes mapping rows can change, and its targets' },
);
export type MappingFlowT = Static<typeof MappingFlow>;
export const MappingFlowList = Type.Object({ items: Type.Array(Type.Unsafe<MappingFlowT>({ $ref: 'MappingFlow#' })) }, { $id: 'MappingFlowList' });

export const ErpField = Type.Object(
  {
    name: Type.String(),
    label: Type.String(),
    type: Type.String({ description: "Odoo's field type: char, integer, many2one, ..." }),
    required: Type.Boolean(),
    readonly: Type.Boolean(),
    relation: Nullable(Type.String({ description: 'the related model of a relational field' })),
    selection: Nullable(Type.Array(Type.Array(Type.String(), { minItems: 2, maxItems: 2 }), { description: 'a selection field\'s [value, label] pairs' })),
    custom: Type.Boolean({ description: 'an `x_` field someone added to this ERP' }),
  },
  { $id: 'ErpField' },
);
export type ErpFieldT = Static<typeof ErpField>;
export const ErpFieldList = Type.Object(
  { target: Type.String(), erpModel: Type.String(), fields: Type.Array(Type.Unsafe<ErpFieldT>({ $ref: 'ErpField#' })) },
  { $id: 'ErpFieldList', description: "the target model's fields as the backend's ERP lists them (fields_get)" },
);

const Vals = Type.Record(Type.String(), Type.Unknown());
export const MappingPreview = Type.Object(
  {
    record: Type.Object({ key: Type.String({ description: 'the stored record previewed (the Amazon order id)' }), updatedAt: Type.String() }),
    complete: Type.Boolean({ description: "true: vals are the mapper's with the rows on top; false: the mapper refused the record (mapperProblems), vals are the rows' alone" }),
    targets: Type.Array(Type.Object({
      target: Type.String(),
      records: Type.Array(Type.Object({ label: Type.String(), vals: Vals, fromRules: Type.Array(Type.String(), { description: 'fields a row set' }) })),
    })),
    mapperProblems: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    ruleProblems: Type.Array(Type.Object({
      index: Type.Integer({ minimum: 0, description: 'the row, by its place in the request' }),
      field: Type.String({ description: 'JSON pointer into the row' }),
      message: Type.String(),
      severity: Type.Union([Type.Literal('error'), Type.Literal('warning')], { description: 'error: the row would be refused or fail in the ERP; warning: it gives nothing on this record' }),
    })),
  },
  { $id: 'MappingPreview', description: 'what the flow would write with the rows given, on one stored record; nothing is saved' },
);
export type MappingPreviewT = Static<typeof MappingPreview>;

export const LookupTableInfo = Type.Object(
  {
    name: Type.String(),
    entries: Type.Integer({ minimum: 0 }),
    description: Nullable(Type.String({ description: 'what the flow that declares it says; null for a free-form table' })),
  },
  { $id: 'LookupTableInfo' },
);
export type LookupTableInfoT = Static<typeof LookupTableInfo>;
export const LookupTableList = Type.Object({ items: Type.Array(Type.Unsafe<LookupTableInfoT>({ $ref: 'LookupTableInfo#' })) }, { $id: 'LookupTableList' });
export const LookupEntry = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }), value: Type.Unknown() }, { $id: 'LookupEntry' });
export type LookupEntryT = Static<typeof LookupEntry>;
export const LookupEntryPage = Type.Object(
  { items: Type.Array(Type.Unsafe<LookupEntryT>({ $ref: 'LookupEntry#' })), nextCursor: Nullable(Type.String()) },
  { $id: 'LookupEntryPage', description: 'entries by key; nextCursor: the last key of the page' },
);

export const mappingSchemas = [MappingRuleView, MappingRuleList, MappingFlow, MappingFlowList, ErpField, ErpFieldList, MappingPreview, LookupTableInfo, LookupTableList, LookupEntry, LookupEntryPage];
