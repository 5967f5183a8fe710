/**
 * The API's backend services (api/deps.ts `backends`, `backendLifecycle`): a backend's view with its sync state,
 * health and which secrets are stored; creating, changing, setting up, sweeping, enabling and deleting one. Every
 * change drops this process's runtime of the backend at once (the others hear of it by NOTIFY).
 */
import type { ApiDeps } from '../api/deps.ts';
import type { BackendHealthT } from '../api/backend.schemas.ts';
import { enqueue } from '../core/queue/enqueue.ts';
import { PermanentError } from '../core/errors.ts';
import { Tasks, type SweepPayload } from '../sync/orders/index.ts';
import { setUpBackend } from '../sync/frame/backend-setup.ts';
import { fixesFor, setupFix } from '../sync/frame/setup-fixes.ts';
import type { SetupReport } from '../sync/frame/setup.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { flows } from '../sync/flows.ts';
import { backendHealthOf, backendHealths } from './backend-health.ts';
import { backendSyncRow, emptySyncRow, listedBackendSyncRows } from './backend-sync-rows.ts';
import { connectionPatchOf, listedSecretStates, reRegisterOnNewErp, secretsViewOf } from './backend-connection.ts';
import { backendView } from './views.ts';

/** A set-up report with the one-click fixes of its problems. */
const withFixes = (r: SetupReport) => ({ ...r, fixes: fixesFor(r.problems).map(({ id, title, description, codes }) => ({ id, title, description, codes: [...codes] })) });

export function backendApiServices(env: TaskEnv): Pick<ApiDeps, 'backends' | 'backendLifecycle'> {
  const { core, db } = env;
  // Null when none were ever stored (SETUP_INCOMPLETE), rather than an error.
  const storedCredentials = (id: number) => core.backends.credentials(id).catch((e: { code?: string }) => {
    if (e.code === 'SETUP_INCOMPLETE') return null;
    throw e;
  });
  const view = async (id: number, health?: BackendHealthT) => {
    const b = await core.backends.get(id);
    const secrets = secretsViewOf(await storedCredentials(id));
    return { ...backendView(b, await backendSyncRow(db.pool, id), health ?? (await backendHealths(core, [id])).get(id)!), secrets };
  };
  // A deleted backend answers 404 like one that never existed.
  const exists = async (id: number) => {
    const state = await core.backends.state(id);
    return state === 'active' || state === 'disabled';
  };
  return {
    backends: {
      list: async () => {
        // Four statements whatever the number of backends (was one per backend, queued on a pool of four).
        const [all, sync, health, refusals] = await Promise.all([core.backends.list(), listedBackendSyncRows(db.pool), core.health.list(), core.authRefusals.list()]);
        const secrets = await listedSecretStates(db.pool, all, storedCredentials);
        return all.map((b) => ({ ...backendView(b, sync.get(b.id) ?? emptySyncRow(), backendHealthOf(health.filter((h) => h.backendId === b.id), refusals.filter((r) => r.backendId === b.id))), secrets: secrets.get(b.id)! }));
      },
      get: async (id) => ((await exists(id)) ? view(id) : null),
      create: async (body, actor) => {
        const b = await core.backends.create({
          name: body.name,
          amazonRegion: body.amazon.region,
          sellerId: body.amazon.sellerId,
          marketplaceIds: body.amazon.marketplaceIds,
          erpUrl: body.erp.url,
          erpDb: body.erp.database,
          erpCompanyId: body.erp.companyId ?? null,
          settings: body.settings ?? {},
          credentials: {
            amazon: { lwaClientId: body.amazon.lwaClientId, lwaClientSecret: body.amazon.lwaClientSecret, refreshToken: body.amazon.refreshToken ?? '' },
            erp: { apiKey: body.erp.apiKey ?? null, login: body.erp.login ?? null, password: body.erp.password ?? null },
          },
        }, { actor });
        return view(b.id);
      },
      updateSettings: async (id, patch, actor, erp) => {
        if (!(await exists(id))) return null;
        await core.backends.update(id, { ...(patch ? { settings: patch } : {}), ...(erp ? { erpCompanyId: erp.companyId } : {}) }, { actor });
        // Other processes hear of it by NOTIFY; this one drops its runtime at once.
        await env.runtimes.invalidate(id);
        return view(id);
      },
      updateConnection: async (id, body, actor) => {
        if (!(await exists(id))) return null;
        const before = await core.backends.get(id);
        await core.backends.update(id, connectionPatchOf(body, before, await storedCredentials(id)), { actor, inTransaction: reRegisterOnNewErp });
        // Other processes hear of it by NOTIFY (backend.update); this one drops its clients of the old connection now.
        await env.runtimes.invalidate(id);
        return view(id);
      },
      runSetup: async (id, actor, options = {}) => {
        if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        const consent = options.createMissing !== undefined ? { createMissing: options.createMissing } : {};
        // The same path as the boot's and the set-up job's: one at a time, its failure the backend's health.
        return withFixes(await setUpBackend(env, flows, id, { actor, ...consent }));
      },
      applySetupFix: async (id, fixId, actor) => {
        if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        const fix = setupFix(fixId);
        if (!fix) throw new PermanentError('NOT_FOUND', `no set-up fix ${fixId}`);
        return withFixes(await setUpBackend(env, flows, id, { actor, ...fix.options }));
      },
      requestSweep: async (id) => {
        if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        // Said at once rather than queued for a job that would do nothing.
        if ((await core.backends.state(id)) === 'disabled') {
          throw new PermanentError('BACKEND_DISABLED', `backend ${id} is disabled: enable it first`, { backendId: id });
        }
        await enqueue(db.pool, Tasks.sweepOrders, { backendId: id } satisfies SweepPayload, { jobKey: `sweep:${id}`, queueName: `sweep:${id}`, maxAttempts: 5 });
        return { queued: true };
      },
      replaceAmazonCredentials: async (id, amazon, actor) => {
        if (!(await exists(id))) return null;
        const current = await core.backends.credentials(id);
        // New credentials delete the refusal in the transaction that stores them (backend-service.ts); the same
        // ones again are a "try again": the refusal goes too.
        await core.backends.update(id, { credentials: { ...current, amazon } }, { actor });
        await core.authRefusals.clear(id, 'amazon');
        await env.runtimes.invalidate(id);
        if ((await core.backends.state(id)) === 'active') {
          await enqueue(db.pool, Tasks.sweepOrders, { backendId: id } satisfies SweepPayload, { jobKey: `sweep:${id}`, queueName: `sweep:${id}`, maxAttempts: 5 });
        }
        return view(id);
      },
    },
    backendLifecycle: {
      setEnabled: async (id, enabled, actor) => {
        if (!(await exists(id))) return null;
        await core.backends.setEnabled(id, enabled, { actor });
        await env.runtimes.invalidate(id);
        return view(id);
      },
      remove: async (id, actor) => {
        if (!(await exists(id))) return false;
        await core.backends.remove(id, { actor });
        await env.runtimes.invalidate(id);
        return true;
      },
    },
  };
}
