/**
 * The API's core services stood in, for tests of the HTTP layer alone (services are our own code): empty lists,
 * nothing found, and a sweep request recorded in `calls`. A test spreads them into its ApiDeps and adds what it
 * checks (its settings model, its flows).
 */
import type { ApiDeps } from '../deps.ts';
import { memoryLoginFailures } from './memory-login-failures.ts';
import { PermanentError } from '../../core/errors.ts';

const noBackend = async (): Promise<never> => {
  throw new PermanentError('BACKEND_NOT_FOUND', 'no backend in this test');
};

export type StandInServices = Pick<ApiDeps, 'pingDatabase' | 'backends' | 'conflicts' | 'runs' | 'backendLifecycle' | 'auditLog' | 'mappings' | 'panelAuth' | 'connections'>;

/** Services that answer "nothing here"; `calls` receives `sweep:<id>` for each sweep and `setup:<id>:<options>` for each set-up requested. */
export function standInServices(calls: string[]): StandInServices {
  return {
    pingDatabase: async () => true,
    backends: {
      list: async () => [],
      get: async () => null,
      create: async () => {
        throw new Error('not in this test');
      },
      updateSettings: async () => null,
      updateConnection: async () => null,
      runSetup: async (id, _actor, options) => {
        calls.push(`setup:${id}:${JSON.stringify(options ?? {})}`);
        return { ok: true, created: [], found: [], changed: [], problems: [], retried: { count: 0, byCode: {} }, fixes: [] };
      },
      applySetupFix: async (id, fixId) => {
        calls.push(`fix:${id}:${fixId}`);
        return { ok: true, created: [], found: [], changed: [], problems: [], retried: { count: 0, byCode: {} }, fixes: [] };
      },
      requestSweep: async (id) => {
        calls.push(`sweep:${id}`);
        return { queued: true };
      },
      replaceAmazonCredentials: async () => null,
    },
    conflicts: {
      list: async () => ({ items: [], nextCursor: null }),
      facets: async () => ({ total: 0, byCode: [], byFlow: [], byBackend: [] }),
      get: async () => null,
      resolve: async () => null,
      resolveMany: async (body) => ({ action: body.action, dryRun: body.dryRun ?? false, count: 0, byCode: {} }),
    },
    runs: { list: async () => ({ items: [], nextCursor: null }), get: async () => null },
    backendLifecycle: { setEnabled: async () => null, remove: async () => false },
    auditLog: { list: async () => ({ items: [], nextCursor: null }) },
    connections: {
      testBackend: async () => null,
      testDraft: async () => ({ ok: true, checks: [] }),
      startAmazonAuthorization: async () => null,
      receiveAmazonAuthorization: async () => {
        throw new Error('not in this test');
      },
      completeAmazonAuthorization: async () => null,
    },
    mappings: {
      flows: () => [],
      list: noBackend, create: noBackend, update: noBackend, remove: noBackend, erpFields: noBackend, preview: noBackend,
      lookupTables: noBackend, lookupEntries: noBackend, putLookupEntries: noBackend, removeLookupEntry: noBackend,
    },
    // No local account; token ids claimed in memory (one process), audit entries recorded in `calls`.
    panelAuth: standInPanelAuth(calls),
  };
}

/** The panel sign-in services in memory: no local account, token ids claimed once, `audit:<action>:<actor>` in `calls`. */
export function standInPanelAuth(calls: string[]): ApiDeps['panelAuth'] {
  const used = new Set<string>();
  return {
    verifyLogin: async () => null,
    localAccount: async () => null,
    claimTokenId: async (jti) => !used.has(jti) && Boolean(used.add(jti)),
    audit: async (e) => void calls.push(`audit:${e.action}:${e.actor}`),
    loginFailures: memoryLoginFailures(),
  };
}
