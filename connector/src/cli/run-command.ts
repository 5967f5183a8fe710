/** Runs one parsed command against a booted connector (main.ts boots; tests pass their own environment). */
import type { CliCommand } from './args.ts';
import { backfillCommand } from './backfill.command.ts';
import { conflictsCommand } from './conflicts.command.ts';
import type { CliEnv, CliIo } from './cli-io.ts';
import { resyncCommand } from './resync.command.ts';
import { setupCommand } from './setup.command.ts';
import { statusCommand } from './status.command.ts';
import { stockResyncCommand } from './stock-resync.command.ts';
import { userCommand } from './user.command.ts';

/** Dispatches `cmd` and resolves with its exit status (errors are thrown, main.ts reports them). */
export async function runCommand(env: CliEnv, cmd: Exclude<CliCommand, { command: 'help' }>, io: CliIo): Promise<number> {
  switch (cmd.command) {
    case 'status':
      return (await statusCommand(env, cmd, io)).exitCode;
    case 'backfill':
      return (await backfillCommand(env, cmd, io)).exitCode;
    case 'resync':
      return (await resyncCommand(env, cmd, io)).exitCode;
    case 'setup':
      return (await setupCommand(env, cmd, io)).exitCode;
    case 'stock-resync':
      return (await stockResyncCommand(env, cmd, io)).exitCode;
    case 'conflicts':
      return (await conflictsCommand(env, cmd, io)).exitCode;
    case 'user':
      return (await userCommand(env, cmd, io)).exitCode;
  }
}
