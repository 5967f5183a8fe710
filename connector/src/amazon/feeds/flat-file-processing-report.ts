/**
 * Amazon's tab-separated processing report of the flat-file feeds (`POST_FLAT_FILE_*`): a few summary lines
 * ("Number of records processed", "Number of records successful"), then a header row and one row per problem:
 * `original-record-number`, `sku`, `error-code`, `error-type` (Error | Warning), `error-message`. Columns are read
 * by header name, never by position. The record number is the input's data row (1 = the first row after the header).
 */
import { PermanentError } from '../../core/errors.ts';
import { worse, type MessageOutcome, type ParsedReport } from './codec.ts';

const summaryCount = (lines: string[], label: RegExp): number | null => {
  const line = lines.find((l) => label.test(l));
  const n = line?.split('\t').map((c) => c.trim()).filter(Boolean).pop();
  return n !== undefined && /^\d+$/.test(n) ? Number(n) : null;
};

export function parseFlatFileProcessingReport(text: string): ParsedReport {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const headerAt = lines.findIndex((l) => l.split('\t').map((c) => c.trim()).includes('original-record-number'));
  const processed = summaryCount(lines, /records processed/i);
  const successful = summaryCount(lines, /records successful/i);
  if (headerAt < 0 && processed === null) throw new PermanentError('FEED_REPORT_UNREADABLE', 'flat-file processing report: no summary and no result rows');
  const byRef = new Map<number, MessageOutcome>();
  let errors = 0;
  let warnings = 0;
  if (headerAt >= 0) {
    const header = lines[headerAt]!.split('\t').map((c) => c.trim());
    const col = (name: string) => header.indexOf(name);
    const [ref, code, type, message] = [col('original-record-number'), col('error-code'), col('error-type'), col('error-message')];
    for (const line of lines.slice(headerAt + 1)) {
      if (!line.trim()) continue;
      const cells = line.split('\t');
      const n = Number(cells[ref]);
      if (!Number.isInteger(n) || n < 1) continue;
      const error = cells[type]?.trim() === 'Error';
      if (error) errors += 1;
      else warnings += 1;
      const outcome: MessageOutcome = { outcome: error ? 'rejected' : 'accepted', code: cells[code]?.trim() || null, message: cells[message]?.trim().slice(0, 1000) || null };
      byRef.set(n, worse(byRef.get(n), outcome));
    }
  }
  return { summary: { processed, successful, errors, warnings }, byRef, others: { outcome: 'accepted', code: null, message: null } };
}
