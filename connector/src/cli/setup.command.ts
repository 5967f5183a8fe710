/** `setup`: the backend's set-up in its ERP (safe to run again), and its report as people read it. */
import type { SetupReport } from '../sync/frame/setup.ts';
import { setUpBackend } from '../sync/frame/backend-setup.ts';
import { flows } from '../sync/flows.ts';
import { resolveBackend } from './backend-ref.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';
import { renderTable } from './table.ts';

/** ` (TAX_UNMAPPED 91, SETUP_INCOMPLETE 95)`, or nothing when empty. */
export const byCode = (counts: Record<string, number>): string => {
  const parts = Object.entries(counts).map(([code, n]) => `${code} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

/** The report as lines: what was created, what was found, what could not be done. */
export function formatSetupReport(report: SetupReport): string[] {
  const records = (list: SetupReport['created']) => renderTable(['WHAT', 'ERP MODEL', 'ERP ID'], list.map((r) => [r.what, r.erpModel, r.erpId])).map((l) => `  ${l}`);
  const lines = [`created: ${report.created.length}`, ...(report.created.length ? records(report.created) : [])];
  lines.push(`found (already there): ${report.found.length}`, ...(report.found.length ? records(report.found) : []));
  lines.push(`changed: ${report.changed.length}`, ...(report.changed.length ? records(report.changed) : []));
  lines.push(`problems: ${report.problems.length}`, ...report.problems.map((p) => `  ${p.code}: ${p.message}`));
  lines.push(`conflicts cured and queued for a retry: ${report.retried.count}${byCode(report.retried.byCode)}`);
  lines.push(report.ok ? 'set-up complete' : 'set-up incomplete: fix the problems above in the ERP, then run setup again');
  return lines;
}

/** `setup --backend ID [--create-missing] [--json]`; exit status 1 when the report has problems. */
export async function setupCommand(
  env: CliEnv,
  args: { backend: string; json: boolean; createMissing?: boolean },
  io: CliIo,
): Promise<CommandOutcome<SetupReport>> {
  const backend = await resolveBackend(env.core, args.backend);
  // A fresh runtime: the set-up is often run right after the ERP was changed by hand.
  await env.runtimes.invalidate(backend.id);
  const consent = args.createMissing !== undefined ? { createMissing: args.createMissing } : {};
  // The path the boot and the API take: one set-up at a time, its failure the backend's health, the first start.
  const report = await setUpBackend(env, flows, backend.id, { actor: 'cli', ...consent });
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else {
    const company = backend.erpCompanyId === null ? '' : `, company ${backend.erpCompanyId}`;
    io.out(`set-up of ${backendLabel(backend)} in ${backend.erpUrl} (database ${backend.erpDb}${company})`);
    for (const line of formatSetupReport(report)) io.out(line);
  }
  return { exitCode: report.ok ? 0 : 1, result: report };
}
