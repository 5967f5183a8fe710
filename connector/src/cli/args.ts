/**
 * The command line's grammar: `<command> [options]`, parsed with node's util.parseArgs into a typed command.
 * Pure (no I/O, no clock), so every rule is unit-tested; anything malformed is a CliError('CLI_USAGE').
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.ts';
import { DEFAULT_RESYNC_TIMEOUT_S, HELP, type CommandName } from './help.ts';

export type CliCommand =
  | { command: 'help'; topic: CommandName | null }
  | { command: 'status'; backend: string | null; json: boolean }
  | { command: 'backfill'; backend: string; from: Date; to: Date; pageSize: number | null; json: boolean }
  | { command: 'resync'; backend: string; order: string; timeoutMs: number; json: boolean }
  | { command: 'setup'; backend: string; json: boolean; createMissing?: true };

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
const OPTIONS: Record<CommandName, Options> = {
  status: { ...COMMON, backend: { type: 'string' } },
  backfill: { ...COMMON, backend: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'page-size': { type: 'string' } },
  resync: { ...COMMON, backend: { type: 'string' }, order: { type: 'string' }, timeout: { type: 'string' } },
  setup: { ...COMMON, backend: { type: 'string' }, 'create-missing': { type: 'boolean' } },
};

// A date (midnight UTC) or a date-time with an explicit offset: a time without one would silently be local time.
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const isCommand = (s: string | undefined): s is CommandName => s !== undefined && Object.hasOwn(HELP, s);

function usage(message: string, command?: CommandName): never {
  throw new CliError('CLI_USAGE', `${message}\nrun "cli ${command ? `${command} ` : ''}--help" for the usage`);
}

/** A backend reference: its numeric id or its name. */
function backendRef(value: string | undefined, command: CommandName): string {
  if (value === undefined) usage('--backend ID is required', command);
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(value)) usage(`--backend "${value}" is neither a backend id nor a backend name`, command);
  return value;
}

function isoDate(name: string, value: string | undefined, command: CommandName): Date {
  if (value === undefined) usage(`--${name} is required (an ISO 8601 date or date-time, e.g. 2026-03-01T00:00:00Z)`, command);
  const at = new Date(value);
  // Date rolls 2026-02-30 over into March: check the calendar day itself.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (!ISO.test(value) || Number.isNaN(at.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    usage(`--${name} "${value}" is not an ISO 8601 date or date-time with a time zone (e.g. 2026-03-01 or 2026-03-01T08:30:00Z)`, command);
  }
  return at;
}

function integer(name: string, value: string, min: number, max: number, command: CommandName): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) usage(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`, command);
  return n;
}

/** Parses `argv` (without node and the script) into one command. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { command: 'help', topic: null };
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) usage(`unknown command "${topic}"`);
    return { command: 'help', topic: topic ?? null };
  }
  if (!isCommand(first)) usage(first.startsWith('-') ? `a command comes first, not the option "${first}"` : `unknown command "${first}"`);
  const command = first;
  let values: Record<string, string | boolean | undefined>;
  try {
    // Every option here is a single string or boolean (none is `multiple`).
    values = parseArgs({ args: [...rest], options: OPTIONS[command], strict: true, allowPositionals: false }).values as typeof values;
  } catch (e) {
    // parseArgs' own messages name the offending option; keep them, under our code.
    usage((e as Error).message, command);
  }
  if (values.help) return { command: 'help', topic: command };
  const json = values.json === true;
  const str = (k: string) => values[k] as string | undefined;
  switch (command) {
    case 'status':
      return { command, backend: str('backend') === undefined ? null : backendRef(str('backend'), command), json };
    case 'setup':
      // Consent for this run only; without the flag the backend setting erpSetup.createMissing decides.
      return { command, backend: backendRef(str('backend'), command), json, ...(values['create-missing'] === true ? { createMissing: true as const } : {}) };
    case 'backfill': {
      const pageSize = str('page-size');
      return {
        command,
        backend: backendRef(str('backend'), command),
        from: isoDate('from', str('from'), command),
        to: isoDate('to', str('to'), command),
        pageSize: pageSize === undefined ? null : integer('page-size', pageSize, 1, 100, command),
        json,
      };
    }
    case 'resync': {
      const order = str('order');
      if (order === undefined) usage('--order AMAZON_ORDER_ID is required', command);
      if (!/^[A-Za-z0-9-]{1,64}$/.test(order)) usage(`--order "${order}" is not an Amazon order id (e.g. 305-1234567-1234567)`, command);
      const timeout = str('timeout');
      const seconds = timeout === undefined ? DEFAULT_RESYNC_TIMEOUT_S : integer('timeout', timeout, 1, 86_400, command);
      return { command, backend: backendRef(str('backend'), command), order, timeoutMs: seconds * 1000, json };
    }
  }
}
