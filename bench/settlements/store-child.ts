/**
 * The parse + store stage in a process of its own, so that its peak RSS (VmHWM over the process's whole life) is
 * the memory a worker needs for a settlement, without the bench's sandboxes: the gzipped report streamed from disk
 * through the Reports adapter's reader (`readFlatFile`) into `storeSettlement`, on a pool of its own.
 *
 *   tsx bench/settlements/store-child.ts <database url> <backend id> <report.tsv.gz> <report id>
 *
 * Prints one JSON line. The bench's report is balanced and in one currency, so the store raises no conflict: a
 * conflict here would be a finding, reported as a failure rather than written.
 */
import { createReadStream, readFileSync } from 'node:fs';
import pg from 'pg';
import { readFlatFile } from '../../connector/src/amazon/report-flat-file.ts';
import { SETTLEMENT_SPEC } from '../../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../../connector/src/sync/settlements/store-settlement.ts';

const [url, backendId, path, reportId] = process.argv.slice(2);
const DE = 'A1PA6795UKMFR9';
const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);

const pool = new pg.Pool({ connectionString: url, max: 2 });
try {
  const before = kb('VmRSS');
  let heapPeak = 0;
  const sample = setInterval(() => { heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed); }, 10);
  const t0 = performance.now();
  const stored = await storeSettlement(pool, { raise: async (c) => { throw new Error(`unexpected conflict ${c.code}: ${c.message}`); } }, Number(backendId),
    { reportId: reportId!, marketplaceId: DE },
    readFlatFile({ body: createReadStream(path!), compression: 'GZIP', contentType: 'text/tab-separated-values;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sample);
  console.log(JSON.stringify({ seconds, stored, rssBeforeKb: before, peakRssKb: kb('VmHWM'), heapPeakBytes: heapPeak }));
} finally {
  await pool.end();
}
