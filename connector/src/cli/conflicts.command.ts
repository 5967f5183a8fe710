/** `conflicts retry|dismiss`: many open conflicts of one backend at once, as the API's bulk resolve does it. */
import { bulkResolveConflicts, type BulkConflictResult } from '../app/bulk-conflicts.ts';
import { flows } from '../sync/flows.ts';
import type { ConflictsCommand } from './args.ts';
import { resolveBackend } from './backend-ref.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';
import { byCode } from './setup.command.ts';

/** Retries or dismisses (or, dry, counts) the selected conflicts and prints how many, by code. */
export async function conflictsCommand(env: CliEnv, args: Omit<ConflictsCommand, 'command'>, io: CliIo): Promise<CommandOutcome<BulkConflictResult>> {
  const backend = await resolveBackend(env.core, args.backend);
  const result = await bulkResolveConflicts(
    env.core,
    flows,
    {
      action: args.action,
      backendId: backend.id,
      ...(args.codes ? { codes: args.codes } : {}),
      ...(args.kinds ? { kinds: args.kinds } : {}),
      ...(args.flow ? { flow: args.flow } : {}),
      ...(args.amazonKey ? { amazonKey: args.amazonKey } : {}),
      ...(args.createdAfter ? { createdAfter: args.createdAfter } : {}),
      ...(args.createdBefore ? { createdBefore: args.createdBefore } : {}),
      ...(args.note ? { note: args.note } : {}),
      dryRun: args.dryRun,
    },
    'cli',
  );
  const done = args.action === 'retry' ? 'retried' : 'dismissed';
  if (args.json) io.out(JSON.stringify(result, null, 2));
  else if (args.dryRun) io.out(`dry run: ${result.count} open conflicts of ${backendLabel(backend)} would be ${done}${byCode(result.byCode)}`);
  else io.out(`${done} ${result.count} open conflicts of ${backendLabel(backend)}${byCode(result.byCode)}`);
  return { exitCode: 0, result };
}
