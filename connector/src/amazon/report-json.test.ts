import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readJsonReport, type JsonReportItem } from './report-json.ts';

const spec = { reportType: 'GET_V2_SELLER_PERFORMANCE_REPORT', arrays: ['accountStatuses', 'performanceMetrics'] };
const doc = {
  skipped: { performanceMetrics: [{ not: 'this one' }] },
  accountStatuses: [{ marketplaceId: 'A1PA6795UKMFR9', status: 'NORMAL' }, { marketplaceId: 'A1F83G8C2ARO7P', status: 'AT_RISK' }],
  performanceMetrics: [{ marketplaceId: 'A1PA6795UKMFR9', lateShipmentRate: { rate: 0.03, note: 'a "quoted" }] bracket \\ and ü' } }],
};

async function read(bytes: Buffer, chunk = bytes.length, compression?: 'GZIP', s: typeof spec & { maxItemChars?: number } = spec): Promise<JsonReportItem[]> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: JsonReportItem[] = [];
  for await (const x of readJsonReport({ body: Readable.from(parts), compression }, s)) out.push(x);
  return out;
}

describe('a JSON report read as a stream', () => {
  it('hands each element of the named top-level arrays, whatever the chunk boundaries, gzipped or not', async () => {
    const bytes = Buffer.from(JSON.stringify(doc, null, 1));
    const expected = [
      { ok: true, array: 'accountStatuses', index: 0, item: doc.accountStatuses[0] },
      { ok: true, array: 'accountStatuses', index: 1, item: doc.accountStatuses[1] },
      { ok: true, array: 'performanceMetrics', index: 0, item: doc.performanceMetrics[0] },
    ];
    for (const chunk of [1, 3, 7, 64, bytes.length]) expect(await read(bytes, chunk)).toEqual(expected);
    expect(await read(gzipSync(bytes), 5, 'GZIP')).toEqual(expected);
  });

  it('gives a bad element as REPORT_ROW_MALFORMED and goes on; refuses what is no JSON object or ends early', async () => {
    const items = await read(Buffer.from('{"accountStatuses": [[1], {"marketplaceId": "X", "status": "NORMAL"}]}'));
    expect(items.map((i) => i.ok)).toEqual([false, true]);
    expect(items[0]).toMatchObject({ code: 'REPORT_ROW_MALFORMED', index: 0 });
    const big = await read(Buffer.from(JSON.stringify({ accountStatuses: [{ a: 'x'.repeat(50) }, { b: 1 }] })), 8, undefined, { ...spec, maxItemChars: 20 });
    expect(big.map((i) => i.ok)).toEqual([false, true]);
    await expect(read(Buffer.from('[1, 2]'))).rejects.toMatchObject({ code: 'REPORT_UNREADABLE' });
    await expect(read(Buffer.from('{"accountStatuses": [{"a": 1}'))).rejects.toMatchObject({ code: 'REPORT_UNREADABLE' });
    await expect(read(Buffer.from('not gzip'), 8, 'GZIP')).rejects.toMatchObject({ code: 'REPORT_UNREADABLE' });
  });
});
