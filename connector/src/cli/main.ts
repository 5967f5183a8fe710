/**
 * The connector's command line: `tsx connector/src/cli/main.ts <command> [options]` (also
 * `pnpm --filter @aec/connector cli ...` and `npm run cli -- ...`). It parses argv, reads the connector's
 * configuration, boots the services, runs one command and closes everything. Errors print
 * `error CODE: message` on stderr; the exit status is 2 for bad usage, 1 for other failures.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../config/index.ts';
import { boot } from '../app/boot.ts';
import { parseCliArgs } from './args.ts';
import { describeFailure } from './cli-error.ts';
import { processIo, type CliEnv } from './cli-io.ts';
import { helpText } from './help.ts';
import { runCommand } from './run-command.ts';
import { taskLogger } from '../observability/task-logger.ts';

async function main(argv: string[]): Promise<number> {
  const io = processIo();
  const cmd = parseCliArgs(argv);
  if (cmd.command === 'help') {
    io.out(helpText(cmd.topic));
    return 0;
  }
  // The admin token guards the HTTP API, which the command line neither serves nor calls: not required here.
  const config = loadConfig({ ...process.env, CONNECTOR_ADMIN_TOKEN: process.env.CONNECTOR_ADMIN_TOKEN?.trim() || 'not-used-by-the-command-line' });
  // The connector logs to stdout; here stdout is the command's result (and --json must stay parseable), so the
  // same log lines go to stderr instead.
  const booted = await boot({ ...config, logLevel: 'silent' }, { poolMax: 4 });
  const logger = pino({ level: config.logLevel, base: { service: 'connector-cli' } }, pino.destination({ dest: 2, sync: true }));
  const stop = new AbortController();
  const owner = `cli:${randomUUID()}`;
  const env: CliEnv = {
    ...booted,
    log: taskLogger(logger),
    job: { owner, signal: stop.signal },
  };
  // Ctrl-C during a long backfill: its waits end, the runs it opened are closed as interrupted (not left running
  // for ever), and the connections are closed rather than left to the server's timeout.
  process.once('SIGINT', () => {
    io.err('interrupted');
    stop.abort();
    void booted.core.runs
      .interruptOwned([owner])
      .catch(() => 0)
      .then(() => booted.close())
      .finally(() => process.exit(130));
  });
  try {
    return await runCommand(env, cmd, io);
  } finally {
    await booted.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const f = describeFailure(e);
    process.stderr.write(`error ${f.code}: ${f.message}\n`);
    process.exitCode = f.exitCode;
  },
);
