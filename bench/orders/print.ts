/** The orders bench's printed figures: one run, then the model-off and model-on runs side by side. */
import type { ImportFigures } from './run-import.ts';

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** Prints one run's figures. */
export function printRun(say: (s: string) => void, f: ImportFigures): void {
  say(`end to end: ${f.ordersPerSecond} orders/s (${f.imported} imported, ${f.conflicts} conflicts, ${f.seconds} s from the first sweep call to the last confirmed order)`);
  say(`connector CPU: ${f.connectorCpuMsPerOrder} ms per order (${f.workers} worker process(es), start-up included)`);
  say(`ERP calls: ${f.erpCallsPerOrder} per order (${f.erpCalls} calls, login excluded)`);
  say(`peak RSS summed over the connector's processes: ${f.peakRssMbSum} MB`);
  say(`ERP sandbox's time in calls: ${f.erpBusySeconds} s (${f.erpBusyMsPerOrder} ms per order${f.capacity ? ', the modelled waits included' : ''})`);
  const c = f.capacity;
  if (!c) return;
  say(`share of the modelled ERP's capacity (cost scale ${c.scale}): busy ${pct(c.busyShare)} of the wall time; throughput ${pct(c.throughputShare)} of its best ${c.maxOrdersPerSecond.toFixed(2)} orders/s (create + confirm of ${c.linesPerOrder.toFixed(2)}-line orders in calls of 200)`);
  if (c.throughputCeiling > 0) say(`  the throughput share's ceiling with this run's needed work (partners, dates, reads are outside the best rate): ${pct(c.throughputCeiling)}; reached: ${pct(c.throughputShare / c.throughputCeiling)} of it`);
  say(`useful share: ${pct(c.usefulShare)} of the wall time went to the records' own work (per-record costs of the calls that succeeded, no per-call overhead, no failed or repeated work)`);
  if (c.usefulShareErpWindow !== null) say(`useful share over the ERP's own window (its first call to its last answer, without the idle start and tail): ${pct(c.usefulShareErpWindow)}`);
  say(`sandbox overrun: ${pct(c.overrunShare)} of the wall time the ERP was busy beyond the modelled cost (the sandbox's own work slower than the modelled Odoo, e.g. CPU contention): counted busy, not useful`);
  say(`modelled Odoo time: ${c.modelledMsPerOrder.toFixed(1)} ms per order, of which per-call overhead ${c.overheadMsPerOrder.toFixed(1)} ms, repeated work ${c.repeatedMsPerOrder.toFixed(1)} ms`);
  for (const t of c.top) say(`  ${t.operation}: ${t.msPerOrder.toFixed(1)} ms per order, ${t.calls} calls of ${t.recordsPerCall.toFixed(1)} records${t.failed ? ` (${t.failed} failed)` : ''}, the longest ${t.longestSeconds.toFixed(1)} s`);
  const idle = c.idle;
  if (!idle) return;
  say(`ERP idle: ${idle.startSeconds} s at the start (before its first call), ${idle.middleSeconds} s in the middle, ${idle.tailSeconds} s at the tail (after its last call)`);
  say(`  gaps in the middle: ${idle.histogram.map((b) => `${b.upTo}: ${b.gaps} (${b.seconds} s)`).join(', ')}`);
  for (const g of idle.largest) say(`  idle ${g.seconds} s at +${g.at} s, after ${g.after}, before ${g.before}`);
  say(`  first writes: ${idle.firstWrites.join('; ')}`);
}

/** Prints the model-off and model-on figures side by side. */
export function printComparison(say: (s: string) => void, runs: { off?: ImportFigures; on?: ImportFigures }): void {
  const cols = [['model off', runs.off], ['model on', runs.on]] as const;
  const present = cols.filter((c) => c[1]);
  if (present.length === 0) return;
  const rows: [string, (f: ImportFigures) => string][] = [
    ['orders imported', (f) => String(f.imported)],
    ['orders/s end to end', (f) => String(f.ordersPerSecond)],
    ['connector CPU ms/order', (f) => String(f.connectorCpuMsPerOrder)],
    ['ERP calls/order', (f) => String(f.erpCallsPerOrder)],
    ['peak RSS MB', (f) => String(f.peakRssMbSum)],
    ['ERP busy share', (f) => (f.capacity ? pct(f.capacity.busyShare) : '-')],
    ['ERP throughput share', (f) => (f.capacity ? pct(f.capacity.throughputShare) : '-')],
    ['ERP useful share', (f) => (f.capacity ? pct(f.capacity.usefulShare) : '-')],
    ['  over the ERP window', (f) => (f.capacity?.usefulShareErpWindow != null ? pct(f.capacity.usefulShareErpWindow) : '-')],
  ];
  say('');
  say(`${''.padEnd(24)}${present.map((c) => c[0].padStart(12)).join('')}`);
  for (const [label, get] of rows) say(`${label.padEnd(24)}${present.map((c) => get(c[1]!).padStart(12)).join('')}`);
}
