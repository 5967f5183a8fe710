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
  | { command: 'setup'; backend: string; json: boolean; createMissing?: true }
  | { command: 'stock-resync'; backend: string; json: boolean }
  | ConflictsCommand
  | UserCommand;

/** `user add|remove|list`: the admin panel's local accounts (the password of `add` is read from stdin). */
export interface UserCommand {
  command: 'user';
  action: 'add' | 'remove' | 'list';
  login: string | null;
  role: string | null;
  name: string | null;
  json: boolean;
}

/** `conflicts retry|dismiss`: the open conflicts of one backend the filters select (each given one must match). */
export interface ConflictsCommand {
  command: 'conflicts';
  action: 'retry' | 'dismiss';
  backend: string;
  codes: string[] | null;
  kinds: string[] | null;
  flow: string | null;
  amazonKey: string | null;
  createdAfter: Date | null;
  createdBefore: Date | null;
  note: string | null;
  dryRun: boolean;
  json: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
const OPTIONS: Record<CommandName, Options> = {
  status: { ...COMMON, backend: { type: 'string' } },
  backfill: { ...COMMON, backend: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'page-size': { type: 'string' } },
  resync: { ...COMMON, backend: { type: 'string' }, order: { type: 'string' }, timeout: { type: 'string' } },
  setup: { ...COMMON, backend: { type: 'string' }, 'create-missing': { type: 'boolean' } },
  'stock-resync': { ...COMMON, backend: { type: 'string' } },
  conflicts: {
    ...COMMON,
    backend: { type: 'string' },
    code: { type: 'string', multiple: true },
    kind: { type: 'string', multiple: true },
    flow: { type: 'string' },
    'amazon-key': { type: 'string' },
    'created-after': { type: 'string' },
    'created-before': { type: 'string' },
    note: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  user: { ...COMMON, login: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
};

const CONFLICT_ACTIONS = ['retry', 'dismiss'] as const;
const USER_ACTIONS = ['add', 'remove', 'list'] as const;

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

/** A repeatable option, each value also split at commas (`--code A,B --code C`); null when absent. */
function list(name: string, values: string[] | undefined, pattern: RegExp, example: string, command: CommandName): string[] | null {
  if (values === undefined) return null;
  const items = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()))];
  for (const v of items) if (!pattern.test(v)) usage(`--${name} "${v}" is not a valid value (e.g. ${example})`, command);
  return items;
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
  // `conflicts` takes its action first: `conflicts retry --backend 1 ...`.
  let action: (typeof CONFLICT_ACTIONS)[number] | null = null;
  let userAction: (typeof USER_ACTIONS)[number] | null = null;
  let args = rest;
  if (command === 'conflicts' && rest[0] !== undefined && !rest[0].startsWith('-')) {
    const [a, ...more] = rest;
    if (!(CONFLICT_ACTIONS as readonly string[]).includes(a!)) usage(`unknown action "${a}": conflicts retry or conflicts dismiss`, command);
    action = a as (typeof CONFLICT_ACTIONS)[number];
    args = more;
  }
  // `user` likewise: `user add --login anna --role viewer`.
  if (command === 'user' && rest[0] !== undefined && !rest[0].startsWith('-')) {
    const [a, ...more] = rest;
    if (!(USER_ACTIONS as readonly string[]).includes(a!)) usage(`unknown action "${a}": user add, user remove or user list`, command);
    userAction = a as (typeof USER_ACTIONS)[number];
    args = more;
  }
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    // Each option is a string, a boolean, or (`multiple`) a list of strings.
    values = parseArgs({ args: [...args], options: OPTIONS[command], strict: true, allowPositionals: false }).values as typeof values;
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
    case 'stock-resync':
      return { command, backend: backendRef(str('backend'), command), json };
    case 'conflicts': {
      if (action === null) usage('say what to do: conflicts retry or conflicts dismiss', command);
      const flow = str('flow');
      if (flow !== undefined && !/^[a-z][a-z0-9_-]{0,63}$/.test(flow)) usage(`--flow "${flow}" is not a flow name (e.g. orders)`, command);
      const amazonKey = str('amazon-key');
      if (amazonKey !== undefined && !/^[A-Za-z0-9:._-]{1,200}$/.test(amazonKey)) usage(`--amazon-key "${amazonKey}" is not a record key (e.g. an order id)`, command);
      const at = (name: string) => (str(name) === undefined ? null : isoDate(name, str(name), command));
      return {
        command,
        action,
        backend: backendRef(str('backend'), command),
        codes: list('code', values.code as string[] | undefined, /^[A-Z][A-Z0-9_]{0,63}$/, 'TAX_UNMAPPED', command),
        kinds: list('kind', values.kind as string[] | undefined, /^[a-z][a-z0-9_.-]{0,63}$/, 'order', command),
        flow: flow ?? null,
        amazonKey: amazonKey ?? null,
        createdAfter: at('created-after'),
        createdBefore: at('created-before'),
        note: str('note') ?? null,
        dryRun: values['dry-run'] === true,
        json,
      };
    }
    case 'user': {
      if (userAction === null) usage('say what to do: user add, user remove or user list', command);
      const login = str('login') ?? null;
      if (userAction !== 'list' && login === null) usage('--login is required', command);
      const role = str('role') ?? null;
      if (userAction === 'add' && !['integrator', 'accountant', 'viewer'].includes(role ?? '')) usage('--role integrator, accountant or viewer is required', command);
      return { command, action: userAction, login, role, name: str('name') ?? null, json };
    }
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
