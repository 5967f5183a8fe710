/**
 * runSetup's retry of what it cured, over the real conflict store: per code, only when the run reported none of
 * the problems that keep it; only the declaring flow's kinds; through the re-run hook in one call per kind; never
 * while the backend is disabled or the flow switched off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createConflictService, type ConflictService } from '../../core/conflict/index.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { BackendRecord } from '../../core/backend/index.ts';
import type { CoreServices } from '../../core/services.ts';
import type { ErpPort } from '../../erp/erp-port.ts';
import type { FlowDefinition } from './flow.ts';
import type { ConflictRef } from './flow-conflicts.ts';
import { rerunConflicts } from './conflict-rerun.ts';
import { runSetup } from './setup.ts';

describe('set-up: the conflicts it cured are retried by themselves', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  let conflicts: ConflictService;
  let problems: Array<{ code: string; message: string }> = [];
  const reruns: string[][] = [];
  const flow: Pick<FlowDefinition, 'name' | 'goLive' | 'setup' | 'curedBySetup' | 'conflictKinds'> = {
    name: 'widgets',
    goLive: { enabledByDefault: true },
    setup: [{ name: 'widgets', run: async (ctx) => void ctx.report.problems.push(...problems) }],
    curedBySetup: { SETUP_INCOMPLETE: ['SETUP_INCOMPLETE', 'CURRENCY_INACTIVE'], TAX_UNMAPPED: ['TAX_UNMAPPED'] },
    conflictKinds: [
      {
        kind: 'widget',
        rerun: async () => {
          throw new Error('a bulk retry goes through rerunMany');
        },
        rerunMany: async (cs: readonly ConflictRef[]) => void reruns.push(cs.map((c) => c.amazonKey).sort()),
      },
    ],
  };
  const backend = (over: Partial<BackendRecord> = {}) => ({ id: backendId, enabled: true, settings: {}, ...over }) as unknown as BackendRecord;
  const setup = (over: Partial<BackendRecord> = {}) =>
    runSetup([flow], { core: { conflicts } as unknown as CoreServices, erp: {} as ErpPort, backend: backend(over), actor: 'tester' });
  const raise = (key: string, code: ErrorCode, kind = 'widget') => conflicts.raise({ backendId, kind, amazonKey: key, code, message: code });
  const open = async () =>
    (await conflicts.list({ backendId, status: 'open', limit: 500 })).map((c) => `${c.kind}:${c.amazonKey}:${c.code}`).sort();

  beforeAll(async () => {
    db = await openTestDatabase('setup_cures');
    backendId = await insertTestBackend(db);
    conflicts = createConflictService(db.pool, { onResolved: (cs, tx) => rerunConflicts([flow], cs, tx, { db, core: {} as CoreServices }) });
  });
  afterAll(async () => db.drop());

  it('retries a code only when the run reported none of its problems, and only the flow\'s kinds', async () => {
    await raise('w1', 'SETUP_INCOMPLETE');
    await raise('w2', 'SETUP_INCOMPLETE');
    await raise('w2', 'TAX_UNMAPPED');
    await raise('w3', 'SKU_UNMAPPED');
    await raise('g1', 'SETUP_INCOMPLETE', 'gadget');

    problems = [{ code: 'CURRENCY_INACTIVE', message: 'SEK' }, { code: 'TAX_UNMAPPED', message: 'PL' }];
    const blocked = await setup();
    expect(blocked).toMatchObject({ ok: false, retried: { count: 0, byCode: {} } });
    expect(reruns).toEqual([]);

    problems = [{ code: 'TAX_UNMAPPED', message: 'PL' }];
    const partly = await setup();
    expect(partly.retried).toEqual({ count: 2, byCode: { SETUP_INCOMPLETE: 2 } });
    expect(reruns).toEqual([['w1', 'w2']]);
    expect(await open()).toEqual(['gadget:g1:SETUP_INCOMPLETE', 'widget:w2:TAX_UNMAPPED', 'widget:w3:SKU_UNMAPPED']);
    const [resolved] = await conflicts.list({ backendId, amazonKey: 'w1' });
    expect(resolved!.resolution).toEqual({ action: 'retry', by: 'tester', note: 'cured by a set-up run' });

    problems = [];
    expect((await setup()).retried).toEqual({ count: 1, byCode: { TAX_UNMAPPED: 1 } });
    expect(reruns).toEqual([['w1', 'w2'], ['w2']]);
    expect(await open()).toEqual(['gadget:g1:SETUP_INCOMPLETE', 'widget:w3:SKU_UNMAPPED']);
  });

  it('retries nothing while the backend is disabled or the flow switched off', async () => {
    await raise('w4', 'TAX_UNMAPPED');
    problems = [];
    expect((await setup({ enabled: false })).retried.count).toBe(0);
    expect((await setup({ settings: { goLive: { widgets: { enabled: false } } } as never })).retried.count).toBe(0);
    expect(await open()).toContain('widget:w4:TAX_UNMAPPED');
    expect((await setup()).retried).toEqual({ count: 1, byCode: { TAX_UNMAPPED: 1 } });
  });
});
