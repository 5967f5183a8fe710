/**
 * What the mapping editor's routes need (a part of ApiDeps): the flows' targets, the rows per backend and flow,
 * the ERP's fields of a target, the preview, and the lookup tables the rows read. app/ wires it over core, the
 * backends' ERP connections and the flows' previewers; the routes only validate, call and shape.
 */
import type { ErpFieldT, LookupEntryT, LookupTableInfoT, MappingFlowT, MappingPreviewT, MappingRuleViewT } from './mapping-schemas.ts';

export interface PreviewBody {
  rules: unknown[];
  amazonOrderId?: string;
  creating?: boolean;
}

/**
 * Every method throws BACKEND_NOT_FOUND for a backend that does not exist (or was deleted) and NOT_FOUND for a
 * flow without mapping targets, a target the flow does not declare, or a row not of that backend and flow.
 */
export interface MappingsApi {
  flows(): MappingFlowT[];
  list(backendId: number, flow: string): Promise<MappingRuleViewT[]>;
  /** MAPPING_RULE_INVALID with `details.problems` when the row is refused. */
  create(backendId: number, flow: string, rule: unknown, actor: string): Promise<MappingRuleViewT>;
  update(backendId: number, flow: string, id: number, rule: unknown, actor: string): Promise<MappingRuleViewT>;
  remove(backendId: number, flow: string, id: number, actor: string): Promise<void>;
  /** The target's ERP fields (fields_get), kept a minute unless `fresh`. */
  erpFields(backendId: number, flow: string, target: string, fresh: boolean): Promise<{ target: string; erpModel: string; fields: ErpFieldT[] }>;
  /** NOT_FOUND when there is no stored record (or not the one named). */
  preview(backendId: number, flow: string, body: PreviewBody): Promise<MappingPreviewT>;
  lookupTables(backendId: number): Promise<LookupTableInfoT[]>;
  lookupEntries(backendId: number, table: string, q: { after?: string; prefix?: string; limit: number }): Promise<{ items: LookupEntryT[]; nextCursor: string | null }>;
  /** MAPPING_RULE_INVALID naming the keys whose values the table's declaration refuses. */
  putLookupEntries(backendId: number, table: string, entries: LookupEntryT[], actor: string): Promise<number>;
  removeLookupEntry(backendId: number, table: string, key: string, actor: string): Promise<boolean>;
}
