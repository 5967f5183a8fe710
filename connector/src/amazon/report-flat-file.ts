/**
 * A report's flat file read as a stream: gunzipped when Amazon says GZIP, decoded in the charset the store names
 * (else the marketplace's: Shift_JIS on Amazon.co.jp, UTF-8 elsewhere), split by csv-parse on tabs and line ends,
 * with quoting off: Amazon's flat files do not quote, so a `"` is a literal character. The header row names the
 * columns and rows are keyed by it, never by position. Amounts are read into minor units in the marketplace's
 * number format when the report type writes it so (a decimal comma on Amazon.de).
 *
 * A row that cannot be read (a cell count other than the header's, an amount or count that is none) comes out as
 * REPORT_ROW_MALFORMED with its line number, and the rows after it go on; a document that is no such report (not
 * gzip, no header with the type's columns, an unknown charset) ends the read with REPORT_UNREADABLE.
 */
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { isSyncError, PermanentError, RetryableError } from '../core/errors.ts';
import { toMinor, type DecimalMark } from '../core/money.ts';
import { judgeThrown } from './failure.ts';
import { marketplaceInfo } from './marketplaces.ts';

/** What a report type's flat file holds. */
export interface FlatFileSpec {
  reportType: string;
  /** Columns the header must name (others are kept too). */
  columns: readonly string[];
  /** Amount columns, each with the column that names its currency. */
  amounts?: Readonly<Record<string, string>>;
  /** Whole-number columns. */
  integers?: readonly string[];
  /** Amounts in the marketplace's number format (else always a decimal point). */
  localNumbers: boolean;
}

export type FlatFileRow =
  | {
      ok: true;
      line: number;
      /** Every cell by its header name, as written ('' for a blank one). */
      cells: Readonly<Record<string, string>>;
      /** The spec's amounts in minor units of their currency; null when blank. */
      amounts: Readonly<Record<string, bigint | null>>;
      /** The spec's whole numbers; null when blank. */
      integers: Readonly<Record<string, number | null>>;
    }
  | { ok: false; line: number; code: 'REPORT_ROW_MALFORMED'; message: string };

export interface FlatFileSource {
  body: Readable;
  compression: 'GZIP' | undefined;
  /** The store's Content-Type (its charset wins). */
  contentType: string | undefined;
  /** The report's (first) marketplace: its number format and default charset. */
  marketplaceId: string;
}

/** Countries whose Amazon flat files write amounts with a decimal comma ("95,00"). */
const DECIMAL_COMMA = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE']);

export function decimalMarkOf(marketplaceId: string): DecimalMark {
  return DECIMAL_COMMA.has(marketplaceInfo(marketplaceId)?.country ?? '') ? ',' : '.';
}

/** The charset to decode with: the Content-Type's (Amazon writes Java names such as Cp1252 or Windows-31J). */
export function charsetOf(contentType: string | undefined, marketplaceId: string): string {
  const named = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  return named ?? (marketplaceInfo(marketplaceId)?.country === 'JP' ? 'shift_jis' : 'utf-8');
}

const unreadable = (reportType: string, why: string, cause?: unknown) =>
  new PermanentError('REPORT_UNREADABLE', `${reportType}: ${why}`, { reportType }, cause === undefined ? undefined : { cause });

function decoder(charset: string, reportType: string): Transform {
  let text: InstanceType<typeof TextDecoder>;
  try {
    text = new TextDecoder(charset);
  } catch (e) {
    throw unreadable(reportType, `unknown charset "${charset.slice(0, 40)}"`, e);
  }
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, text.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, text.decode());
    },
  });
}

/** The rows of one report's flat file, in order; stops early without harm when the caller stops reading. */
export async function* readFlatFile(source: FlatFileSource, spec: FlatFileSpec): AsyncGenerator<FlatFileRow> {
  const mark: DecimalMark = spec.localNumbers ? decimalMarkOf(source.marketplaceId) : '.';
  const parser = parse({ delimiter: '\t', quote: null, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, info: true, bom: true });
  let decode: Transform;
  try {
    decode = decoder(charsetOf(source.contentType, source.marketplaceId), spec.reportType);
  } catch (e) {
    source.body.destroy();
    throw e;
  }
  const stages = [source.body, ...(source.compression === 'GZIP' ? [createGunzip()] : []), decode];
  // Errors reach the parser (pipeline destroys every stage with the first one) and so the loop below.
  pipeline([...stages, parser] as unknown as [Readable, Transform], () => undefined);
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((c) => c.trim());
        const missing = spec.columns.filter((c) => !header!.includes(c));
        if (missing.length) throw unreadable(spec.reportType, `the header lacks ${missing.slice(0, 5).join(', ')}`);
        continue;
      }
      yield readRow(record, info.lines, header, spec, mark);
    }
  } catch (e) {
    throw readFailure(e, spec.reportType);
  }
}

/** A read that broke: gzip errors as REPORT_UNREADABLE, a broken download as retryable. */
export function readFailure(e: unknown, reportType: string): unknown {
  if (isSyncError(e)) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return unreadable(reportType, `not a gzip document (${code})`, e);
  const verdict = judgeThrown(e);
  if (verdict.kind === 'retry') return new RetryableError(verdict.code, `${reportType}: the download broke off (${String(code)})`, { reportType }, { cause: e });
  return e;
}

function readRow(record: string[], line: number, header: string[], spec: FlatFileSpec, mark: DecimalMark): FlatFileRow {
  const bad = (message: string): FlatFileRow => ({ ok: false, line, code: 'REPORT_ROW_MALFORMED', message });
  if (record.length !== header.length) return bad(`${record.length} cells where the header names ${header.length}`);
  const cells = Object.fromEntries(header.map((name, i) => [name, record[i]!.trim()]));
  const amounts: Record<string, bigint | null> = {};
  for (const [column, currencyColumn] of Object.entries(spec.amounts ?? {})) {
    const text = cells[column] ?? '';
    if (text === '') {
      amounts[column] = null;
      continue;
    }
    try {
      amounts[column] = toMinor(text, cells[currencyColumn] ?? '', mark);
    } catch (e) {
      return bad(`${column}: ${(e as Error).message}`);
    }
  }
  const integers: Record<string, number | null> = {};
  for (const column of spec.integers ?? []) {
    const text = cells[column] ?? '';
    if (text !== '' && !/^-?\d{1,9}$/.test(text)) return bad(`${column}: not a whole number`);
    integers[column] = text === '' ? null : Number(text);
  }
  return { ok: true, line, cells, amounts, integers };
}
