/**
 * A JSON report read as a stream (GET_V2_SELLER_PERFORMANCE_REPORT and its kind: one object whose top-level arrays
 * hold the records): gunzipped when Amazon says GZIP, decoded as UTF-8 (RFC 8259), and each element of the arrays
 * the spec names handed over as soon as it is complete, parsed alone; the rest of the document is skipped without
 * being kept. So memory follows the largest element, not the document. An element that is not a JSON object, or
 * larger than `maxItemChars`, comes out as REPORT_ROW_MALFORMED (its index) and the next ones follow; a document
 * that is not one JSON object, or ends inside one, ends the read with REPORT_UNREADABLE.
 */
import { pipeline, PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PermanentError } from '../core/errors.ts';
import { readFailure } from './report-flat-file.ts';

/** What a JSON report type holds: the top-level arrays whose elements are its records. */
export interface JsonReportSpec {
  reportType: string;
  arrays: readonly string[];
  /** Larger elements are refused (default 1,000,000 characters). */
  maxItemChars?: number;
}

export type JsonReportItem =
  | { ok: true; array: string; index: number; item: Readonly<Record<string, unknown>> }
  | { ok: false; array: string; index: number; code: 'REPORT_ROW_MALFORMED'; message: string };

export interface JsonReportSource {
  body: Readable;
  compression: 'GZIP' | undefined;
}

const unreadable = (reportType: string, why: string) => new PermanentError('REPORT_UNREADABLE', `${reportType}: ${why}`, { reportType });

/** The elements of the spec's arrays, in document order; stops early without harm when the caller stops reading. */
export async function* readJsonReport(source: JsonReportSource, spec: JsonReportSpec): AsyncGenerator<JsonReportItem> {
  const max = spec.maxItemChars ?? 1_000_000;
  const out = new PassThrough();
  pipeline([source.body, ...(source.compression === 'GZIP' ? [createGunzip()] : []), out] as unknown as [Readable, PassThrough], () => undefined);
  const text = new TextDecoder('utf-8');
  // Where the scanner is: nesting depth, inside a string (and after a backslash), the last key read at depth 1,
  // whether depth 1 expects a key next, the array being read (at depth 2) and the element being collected.
  let depth = 0;
  let started = false;
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let key: string | null = null;
  let keyText = '';
  let array: string | null = null;
  let index = 0;
  let item: string[] | null = null;
  let itemChars = 0;
  let overflow = false;
  const indexes = new Map<string, number>();
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) {
      const s = text.decode(chunk, { stream: true });
      const done: JsonReportItem[] = [];
      let from = 0;
      for (let i = 0; i < s.length; i++) {
        const ch = s[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') {
            inString = false;
            if (depth === 1 && expectKey && item === null) {
              key = JSON.parse(keyText + s.slice(from, i + 1)) as string;
              expectKey = false;
            }
          }
          continue;
        }
        if (ch === '"') {
          inString = true;
          if (depth === 1 && expectKey && item === null) {
            keyText = '';
            from = i;
          }
          continue;
        }
        if (ch === '{' || ch === '[') {
          if (!started) {
            if (ch !== '{') throw unreadable(spec.reportType, 'the document is not a JSON object');
            started = true;
            expectKey = true;
          } else if (depth === 1 && ch === '[' && key !== null && spec.arrays.includes(key)) {
            array = key;
            index = indexes.get(key) ?? 0;
          } else if (depth === 2 && array !== null && item === null) {
            item = [];
            itemChars = 0;
            overflow = false;
            from = i;
          }
          depth++;
        } else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 2 && item !== null) {
            done.push(finish(array!, index++, overflow || itemChars + i + 1 - from > max ? null : item.join('') + s.slice(from, i + 1)));
            item = null;
          } else if (depth === 1 && array !== null) {
            indexes.set(array, index);
            array = null;
          } else if (depth < 0) throw unreadable(spec.reportType, 'a closing bracket without its opening one');
        } else if (ch === ',' && depth === 1) expectKey = true;
        else if (!started && !/\s/.test(ch) && ch !== '\ufeff') throw unreadable(spec.reportType, 'the document is not a JSON object');
      }
      // The part of a key or an element that continues in the next chunk.
      if (inString && depth === 1 && expectKey && item === null) keyText += s.slice(from);
      if (item !== null) {
        itemChars += s.length - from;
        if (itemChars > max) overflow = true;
        else item.push(s.slice(from));
      }
      yield* done;
    }
  } catch (e) {
    throw readFailure(e, spec.reportType);
  }
  if (!started || depth !== 0) throw unreadable(spec.reportType, started ? 'the document ends inside an object' : 'the document is empty');

  function finish(name: string, at: number, json: string | null): JsonReportItem {
    const bad = (message: string): JsonReportItem => ({ ok: false, array: name, index: at, code: 'REPORT_ROW_MALFORMED', message });
    if (json === null) return bad(`element larger than ${max} characters`);
    try {
      const v = JSON.parse(json) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? { ok: true, array: name, index: at, item: v as Record<string, unknown> } : bad('not a JSON object');
    } catch (e) {
      return bad((e as Error).message.slice(0, 200));
    }
  }
}
