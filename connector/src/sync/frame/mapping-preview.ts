/**
 * What a flow offers the mapping editor's preview: its real mapper run with unsaved mapping rows on one stored
 * record (a fetched document), answering the ERP values it would write per target. Nothing is written anywhere.
 */
import type { LookupTables, MappingRule } from '../../core/mapper/index.ts';

/** One ERP record the mapper would write (an order header, one line, the customer...). */
export interface PreviewRecord {
  /** Which record: "order 306-...", "line SKU-1", "customer". */
  label: string;
  /** Every field the mapper sends, the rows' values included. */
  vals: Record<string, unknown>;
  /** The fields a mapping row set (or overrode) on this record. */
  fromRules: string[];
}

/** A problem the mapper itself found with the record (a SKU unmapped, a marketplace not set up...). */
export interface PreviewProblem {
  code: string;
  message: string;
}

export interface MappingPreviewResult {
  /** The stored record the preview ran on (an Amazon order id...) and when the source last changed it. */
  record: { key: string; updatedAt: string };
  /** Per mapping target, the records the mapper would write; empty when the mapper refused the record. */
  targets: Array<{ target: string; records: PreviewRecord[] }>;
  /** What stops the mapper on this record: it would not write it as it is (the rows are still checked). */
  mapperProblems: PreviewProblem[];
  /** Per target, what its rows read (one per record: the order, each item with its order...), for the per-row checks. */
  inputs: Array<{ target: string; label: string; source: unknown }>;
  /** The lookup tables the rows name, as loaded for the run. */
  lookups: LookupTables;
}

export interface MappingPreviewRequest {
  /** Valid rows only (the caller validated them): the rows to try, in place of the saved ones. */
  rules: readonly MappingRule[];
  /** The record to run on; absent: the latest stored one. */
  key?: string;
  /** As for a record created now (onlyCreate rows apply) or updated. */
  creating: boolean;
}

/** Runs the preview for one backend; null when the backend has no stored record (or not the one named). */
export type MappingPreviewer = (backendId: number, req: MappingPreviewRequest) => Promise<MappingPreviewResult | null>;
