export * from './mapping-rule.ts';
export { applyRules, rulesFor, resolveSource } from './apply-rules.ts';
export { validateRule, type RuleProblem } from './validate-rule.ts';
export { createMappingRuleStore, type MappingRuleStore, type StoredMappingRule } from './mapping-rule-store.ts';
export { checkOnRecord, type KnownField, type RecordProblem } from './check-on-record.ts';
