import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CliCommand } from './args.ts';
import { CliError } from './cli-error.ts';
import { helpText } from './help.ts';

function usageError(argv: string[]): CliError {
  try {
    parseCliArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error(`parsed without error: ${argv.join(' ')}`);
}

describe('command-line arguments', () => {
  it('parses each command with its options', () => {
    expect(parseCliArgs(['status'])).toEqual({ command: 'status', backend: null, json: false });
    expect(parseCliArgs(['status', '--backend', 'demo', '--json'])).toEqual({ command: 'status', backend: 'demo', json: true });
    expect(parseCliArgs(['backfill', '--backend=3', '--from', '2026-03-01', '--to', '2026-03-02T12:30:00+02:00', '--page-size', '20'])).toEqual({
      command: 'backfill',
      backend: '3',
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T10:30:00Z'),
      pageSize: 20,
      json: false,
    } satisfies CliCommand);
    expect(parseCliArgs(['resync', '--backend', '1', '--order', '305-1234567-7654321'])).toEqual({
      command: 'resync',
      backend: '1',
      order: '305-1234567-7654321',
      timeoutMs: 120_000,
      json: false,
    });
    expect(parseCliArgs(['resync', '--backend', '1', '--order', '305-1234567-7654321', '--timeout', '5', '--json'])).toMatchObject({ timeoutMs: 5000, json: true });
    expect(parseCliArgs(['setup', '--backend', 'EU shop'])).toEqual({ command: 'setup', backend: 'EU shop', json: false });
    expect(parseCliArgs(['setup', '--backend', '3', '--create-missing'])).toStrictEqual({ command: 'setup', backend: '3', json: false, createMissing: true });
    expect(parseCliArgs(['setup', '--backend', '3'])).not.toHaveProperty('createMissing');
    expect(parseCliArgs(['stock-resync', '--backend', '2', '--json'])).toEqual({ command: 'stock-resync', backend: '2', json: true });
  });

  it('parses conflicts retry|dismiss with its filters', () => {
    expect(parseCliArgs(['conflicts', 'retry', '--backend', 'EU shop', '--code', 'TAX_UNMAPPED,SETUP_INCOMPLETE', '--code', 'TAX_UNMAPPED'])).toEqual({
      command: 'conflicts',
      action: 'retry',
      backend: 'EU shop',
      codes: ['TAX_UNMAPPED', 'SETUP_INCOMPLETE'],
      kinds: null,
      flow: null,
      amazonKey: null,
      createdAfter: null,
      createdBefore: null,
      note: null,
      dryRun: false,
      json: false,
    } satisfies CliCommand);
    expect(
      parseCliArgs([
        'conflicts', 'dismiss', '--backend=2', '--kind', 'order', '--flow', 'orders', '--amazon-key', '305-1234567-7654321',
        '--created-after', '2026-03-01', '--created-before', '2026-03-02T12:00:00Z', '--note', 'sold out', '--dry-run', '--json',
      ]),
    ).toEqual({
      command: 'conflicts',
      action: 'dismiss',
      backend: '2',
      codes: null,
      kinds: ['order'],
      flow: 'orders',
      amazonKey: '305-1234567-7654321',
      createdAfter: new Date('2026-03-01T00:00:00Z'),
      createdBefore: new Date('2026-03-02T12:00:00Z'),
      note: 'sold out',
      dryRun: true,
      json: true,
    } satisfies CliCommand);
    expect(parseCliArgs(['conflicts', '--help'])).toEqual({ command: 'help', topic: 'conflicts' });
    expect(parseCliArgs(['conflicts', 'retry', '-h'])).toEqual({ command: 'help', topic: 'conflicts' });
    expect(helpText('conflicts')).toContain('--dry-run');
    expect(helpText(null)).toContain('conflicts retry|dismiss');
  });

  it('refuses a conflicts command without its action, backend or with malformed filters', () => {
    expect(usageError(['conflicts', '--backend', '1']).message).toContain('conflicts retry or conflicts dismiss');
    expect(usageError(['conflicts', 'close', '--backend', '1']).message).toContain('unknown action "close"');
    expect(usageError(['conflicts', 'retry']).message).toContain('--backend ID is required');
    expect(usageError(['conflicts', 'retry', '--backend', '1', '--code', 'tax_unmapped']).message).toContain('--code "tax_unmapped"');
    expect(usageError(['conflicts', 'retry', '--backend', '1', '--code', 'A,,B']).code).toBe('CLI_USAGE');
    expect(usageError(['conflicts', 'retry', '--backend', '1', '--flow', 'Orders!']).message).toContain('--flow "Orders!"');
    expect(usageError(['conflicts', 'retry', '--backend', '1', '--created-after', 'last week']).message).toContain('--created-after "last week"');
    expect(usageError(['conflicts', 'retry', '--backend', '1', 'extra']).message).toContain('extra');
  });

  it('parses user add|remove|list, never a password on the command line', () => {
    expect(parseCliArgs(['user', 'add', '--login', 'anna', '--role', 'viewer', '--name', 'Anna B'])).toEqual({ command: 'user', action: 'add', login: 'anna', role: 'viewer', name: 'Anna B', json: false });
    expect(parseCliArgs(['user', 'list', '--json'])).toEqual({ command: 'user', action: 'list', login: null, role: null, name: null, json: true });
    expect(usageError(['user', 'add', '--login', 'anna', '--role', 'admin']).message).toContain('--role integrator, accountant or viewer');
    expect(usageError(['user', 'remove']).message).toContain('--login is required');
    expect(usageError(['user', 'add', '--login', 'anna', '--role', 'viewer', '--password', 'x']).code).toBe('CLI_USAGE');
    expect(usageError(['user', 'rename']).message).toContain('unknown action "rename"');
    expect(helpText('user')).toContain('stdin');
  });

  it('answers --help, -h and help <command> with the right page', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help', topic: null });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help', topic: null });
    expect(parseCliArgs(['help', 'backfill'])).toEqual({ command: 'help', topic: 'backfill' });
    expect(parseCliArgs(['resync', '-h'])).toEqual({ command: 'help', topic: 'resync' });
    // --help wins over missing required options.
    expect(parseCliArgs(['backfill', '--help'])).toEqual({ command: 'help', topic: 'backfill' });
    expect(helpText('backfill')).toContain('--page-size N');
    expect(helpText(null)).toMatch(/status[\s\S]*backfill[\s\S]*resync[\s\S]*setup/);
  });

  it('refuses unknown commands and options with CLI_USAGE (exit 2), naming the culprit', () => {
    const unknown = usageError(['import']);
    expect(unknown).toMatchObject({ code: 'CLI_USAGE', exitCode: 2 });
    expect(unknown.message).toContain('unknown command "import"');
    expect(usageError(['--backend', '1']).message).toContain('a command comes first');
    expect(usageError(['status', '--bogus']).message).toContain('--bogus');
    expect(usageError(['status', 'extra']).message).toContain('extra');
    expect(usageError(['help', 'nope']).message).toContain('unknown command "nope"');
  });

  it('requires each command its options', () => {
    expect(usageError(['setup']).message).toContain('--backend ID is required');
    expect(usageError(['resync', '--backend', '1']).message).toContain('--order AMAZON_ORDER_ID is required');
    expect(usageError(['backfill', '--backend', '1', '--to', '2026-03-02']).message).toContain('--from is required');
    expect(usageError(['backfill', '--backend', '1', '--from', '2026-03-02']).message).toContain('--to is required');
  });

  it('refuses malformed values', () => {
    const base = ['backfill', '--backend', '1', '--to', '2026-03-02'];
    // No time zone: it would silently be the machine's local time.
    expect(usageError([...base, '--from', '2026-03-01T08:00']).message).toContain('--from "2026-03-01T08:00"');
    expect(usageError([...base, '--from', 'yesterday']).code).toBe('CLI_USAGE');
    expect(usageError([...base, '--from', '2026-02-30T00:00:00Z']).code).toBe('CLI_USAGE');
    expect(usageError([...base, '--from', '2026-03-01', '--page-size', '0']).message).toContain('--page-size must be a whole number from 1 to 100');
    expect(usageError([...base, '--from', '2026-03-01', '--page-size', '101']).code).toBe('CLI_USAGE');
    expect(usageError([...base, '--from', '2026-03-01', '--page-size', '2.5']).code).toBe('CLI_USAGE');
    expect(usageError(['resync', '--backend', '1', '--order', '305 123']).message).toContain('is not an Amazon order id');
    expect(usageError(['resync', '--backend', '1', '--order', '305-1', '--timeout', '-3']).code).toBe('CLI_USAGE');
    expect(usageError(['status', '--backend', '../etc']).message).toContain('neither a backend id nor a backend name');
  });
});
