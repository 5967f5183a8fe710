/**
 * Mapping rows (integrators' overrides of the mappers' defaults, edited later in the admin panel) and the lookup
 * tables they and the order flow read (`sku_map`, `tax_map`, `marketplace_map`, and any table a rule names).
 * The JSON formats of `source` and `transforms` are fixed in core/mapper/mapping-rule.ts.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const MappingRule = defineEntity({
  name: 'MappingRule',
  properties: {
    id: p.integer().primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    flow: p.text(),
    target: p.text(),
    erpField: p.text(),
    sourceKind: p.text(),
    source: p.json<unknown>().columnType('jsonb'),
    transforms: p.json<string[]>().columnType('jsonb').defaultRaw(`'[]'::jsonb`),
    onlyCreate: p.boolean().defaultRaw('false'),
    enabled: p.boolean().defaultRaw('true'),
    position: p.integer().defaultRaw('0'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  indexes: [{ name: 'mapping_rule_flow_index', properties: ['backend', 'flow', 'position'] }],
});

export const LookupTable = defineEntity({
  name: 'LookupTable',
  properties: {
    id: p.integer().primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    name: p.text(),
    description: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'lookup_table_name_unique', properties: ['backend', 'name'] }],
});

export const LookupEntry = defineEntity({
  name: 'LookupEntry',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    table: p.manyToOne(LookupTable).mapToPk().deleteRule('cascade'),
    key: p.text(),
    value: p.json<unknown>().columnType('jsonb'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'lookup_entry_key_unique', properties: ['table', 'key'] }],
});
