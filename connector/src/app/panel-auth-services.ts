/** The panel's sign-in services over the database (api/deps.ts `panelAuth`). */
import type { ApiDeps } from '../api/deps.ts';
import { recordAudit } from '../core/audit/index.ts';
import { createLoginFailures, createPanelUserStore, createTokenUses } from '../core/panel-users/index.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';

/** The panel's sign-in over the database: local accounts, used ERP token ids, failed sign-ins, the audit log. */
export function panelAuthServices(env: TaskEnv): ApiDeps['panelAuth'] {
  const users = createPanelUserStore(env.db.pool);
  const uses = createTokenUses(env.db.pool);
  return {
    verifyLogin: (login, password) => users.verify(login, password),
    localAccount: (login) => users.find(login),
    claimTokenId: (jti, expiresAt) => uses.claim(jti, expiresAt),
    loginFailures: createLoginFailures(env.db.pool),
    audit: (e) => recordAudit(env.db.pool, { actor: e.actor, action: e.action, backendId: null, target: e.target, after: e.after }),
  };
}
