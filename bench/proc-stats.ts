/**
 * CPU time and peak resident memory of a process, read from /proc (Linux). The peak is tracked by the kernel
 * (VmHWM), so a sample at the end is exact; CPU is user + system time. Samples taken while the process lives are
 * kept, so the last known figures survive its exit.
 */
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux
const last = new Map<number, { cpuMs: number; peakRssKb: number }>();

export function procStats(pid: number): { cpuMs: number; peakRssKb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const s = { cpuMs, peakRssKb };
    last.set(pid, s);
    return s;
  } catch {
    return last.get(pid) ?? { cpuMs: 0, peakRssKb: 0 };
  }
}
