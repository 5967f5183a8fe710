export * from './mapping-rule.ts';
export { applyMappingRules, readPath, type RuleInput } from './apply-rules.ts';
export { createMappingRuleStore, type MappingRuleStore } from './mapping-rule-store.ts';
