/** The API's Connections services: connection tests and "Connect with Amazon", over the core and the config. */
import type { ApiDeps } from '../api/deps.ts';
import type { AmazonAppConfig } from '../config/panel.ts';
import type { ErpUrlPolicy } from '../core/backend/index.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { amazonAuthorization } from './amazon-authorization/amazon-authorization.ts';
import { backendSettings } from '../sync/backend-settings.ts';
import { draftOf, type ConnectionDraft } from './connection-test/connection-draft.ts';
import { testConnection } from './connection-test/connection-test.ts';
import { flows } from './flow-list.ts';

/** What the API's services take from the configuration (defaults: "Connect with Amazon" off, 10 s per check). */
export interface ConnectionServiceOptions {
  amazonApp?: AmazonAppConfig;
  erpUrls?: ErpUrlPolicy;
  checkTimeoutMs?: number;
}

const NO_APP: AmazonAppConfig = { appId: null, draft: false, redirectUri: null, sellerCentralUrl: null };

export function connectionServices(env: TaskEnv, opts: ConnectionServiceOptions, replaceAmazon: ApiDeps['backends']['replaceAmazonCredentials']): ApiDeps['connections'] {
  const { core, db } = env;
  const amazonEndpoint = env.runtimes.amazonEndpoint ?? null;
  const live = async (id: number) => ['active', 'disabled'].includes((await core.backends.state(id)) ?? 'missing');
  const test = (d: ConnectionDraft, settings = backendSettings.defaults()) =>
    testConnection(d, settings, {
      gate: core.quota,
      amazonEndpoint,
      ...(opts.erpUrls ? { erpUrls: opts.erpUrls } : {}),
      ...(opts.checkTimeoutMs ? { timeoutMs: opts.checkTimeoutMs } : {}),
      flows,
      publicUrl: core.changeFeed?.publicUrl ?? null,
    });
  const authorization = amazonAuthorization({
    db: db.pool,
    keyring: core.keyring,
    app: opts.amazonApp ?? NO_APP,
    amazonEndpoint,
    backend: (id) => core.backends.get(id),
    credentials: (id) => core.backends.credentials(id),
    storeAmazon: (id, amazon, actor) => replaceAmazon(id, amazon, actor),
  });
  return {
    testBackend: async (id) => {
      if (!(await live(id))) return null;
      const b = await core.backends.get(id);
      return test(draftOf(b, await core.backends.credentials(id)), b.settings);
    },
    testDraft: (body) =>
      test({
        amazon: { ...body.amazon, refreshToken: body.amazon.refreshToken ?? '' },
        erp: { url: body.erp.url, database: body.erp.database, apiKey: body.erp.apiKey ?? null, login: body.erp.login ?? null, password: body.erp.password ?? null, companyId: body.erp.companyId ?? null },
      }),
    startAmazonAuthorization: async (id, caller) => ((await live(id)) ? authorization.start(id, caller) : null),
    receiveAmazonAuthorization: (q) => authorization.receive(q),
    completeAmazonAuthorization: async (id, stateRef, caller) => ((await live(id)) ? authorization.complete(id, stateRef, caller) : null),
  };
}
