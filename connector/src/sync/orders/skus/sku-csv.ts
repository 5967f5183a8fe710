/**
 * The SKU table as CSV (csv-parse / csv-stringify): the export lists every SKU with its product; an import file
 * has a header naming `sku` and either `product_id` or `default_code` (other columns, such as the export's, are
 * ignored, so an edited export imports back). Line numbers are the file's, the header being line 1.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { PermanentError } from '../../../core/errors.ts';
import type { SkuViewT } from './skus.schemas.ts';

export interface CsvRow {
  line: number;
  sku: string;
  /** The product id or internal reference as written (trimmed); empty: the row changes nothing. */
  value: string;
}

export interface ParsedSkuCsv {
  by: 'product_id' | 'default_code';
  rows: CsvRow[];
}

const invalid = (message: string, details: Record<string, unknown> = {}) => new PermanentError('CSV_INVALID', message, details);

/** Reads an import file; CSV_INVALID (with the line) when it is not CSV or its header names no usable columns. */
export function parseSkuCsv(text: string): ParsedSkuCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // A UTF-8 BOM (spreadsheets write one) is dropped; every row may have its own width (checked per row below).
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw invalid(`the file is not valid CSV${line ? ` (line ${line})` : ''}: ${(e as Error).message.split('\n')[0]}`, line ? { line } : {});
  }
  const [header, ...body] = records;
  if (!header) throw invalid('the file is empty: its first line must be the header sku,default_code or sku,product_id');
  const names = header.record.map((h) => h.toLowerCase());
  const skuAt = names.indexOf('sku');
  const idAt = names.indexOf('product_id');
  const codeAt = names.indexOf('default_code');
  if (skuAt < 0 || (idAt < 0 && codeAt < 0)) {
    throw invalid(`the header (line ${header.info.lines}) must name sku and product_id or default_code, not: ${names.join(',').slice(0, 100)}`, { line: header.info.lines });
  }
  const by = idAt >= 0 ? 'product_id' : 'default_code';
  const at = idAt >= 0 ? idAt : codeAt;
  return { by, rows: body.map((r) => ({ line: r.info.lines, sku: r.record[skuAt] ?? '', value: r.record[at] ?? '' })) };
}

// A spreadsheet runs a cell starting with one of these as a formula: free text (titles, names) is quoted with '.
const FORMULA = /^[=+\-@\t\r]/;
const safe = (s: string | null) => (s === null ? '' : FORMULA.test(s) ? `'${s}` : s);

/** Every SKU as CSV, the list's order (unmatched first). */
export function skuCsv(skus: readonly SkuViewT[]): string {
  return stringify(
    skus.map((s) => [s.sku, s.product?.id ?? '', safe(s.product?.name ?? null), s.matchedBy ?? '', s.asin ?? '', safe(s.title), s.lastSeenAt, s.waitingOrders]),
    { header: true, columns: ['sku', 'product_id', 'product_name', 'matched_by', 'asin', 'title', 'last_seen_at', 'waiting_orders'] },
  );
}
