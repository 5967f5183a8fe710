/** `user add|remove|list`: the admin panel's local accounts (core/panel-users), each change in the audit log. */
import { recordAudit } from '../core/audit/index.ts';
import { createPanelUserStore, type PanelUser } from '../core/panel-users/index.ts';
import type { UserCommand } from './args.ts';
import { CliError } from './cli-error.ts';
import type { CliEnv, CliIo, CommandOutcome } from './cli-io.ts';

type UserResult = { added: PanelUser; created: boolean } | { removed: string; found: boolean } | { users: PanelUser[] };

/** Adds (or replaces), removes or lists panel accounts. */
export async function userCommand(env: Pick<CliEnv, 'db'>, args: Omit<UserCommand, 'command'>, io: CliIo): Promise<CommandOutcome<UserResult>> {
  const users = createPanelUserStore(env.db.pool);
  const print = (result: UserResult, line: string) => io.out(args.json ? JSON.stringify(result, null, 2) : line);
  if (args.action === 'list') {
    const result = { users: await users.list() };
    print(result, result.users.length ? result.users.map((u) => `${u.login}  ${u.role}  ${u.name}`).join('\n') : 'no panel accounts');
    return { exitCode: 0, result };
  }
  const login = args.login!;
  if (args.action === 'remove') {
    const found = await users.remove(login);
    if (found) await recordAudit(env.db.pool, { actor: 'cli', action: 'panel_user.remove', backendId: null, target: `panel-user:${login.toLowerCase()}` });
    print({ removed: login, found }, found ? `removed ${login}` : `no account ${login}`);
    return { exitCode: found ? 0 : 1, result: { removed: login, found } };
  }
  if (!io.readSecretLine) throw new CliError('CLI_USAGE', 'no stdin to read the password from');
  const password = await io.readSecretLine();
  const { user, created } = await users.put({ login, role: args.role!, password, ...(args.name ? { name: args.name } : {}) });
  await recordAudit(env.db.pool, { actor: 'cli', action: created ? 'panel_user.add' : 'panel_user.replace', backendId: null, target: `panel-user:${user.login}`, after: { name: user.name, role: user.role } });
  print({ added: user, created }, `${created ? 'added' : 'replaced'} ${user.login} (${user.role}, ${user.name})`);
  return { exitCode: 0, result: { added: user, created } };
}
