import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { ConflictError } from '../errors.ts';
import { createConflictService, fieldDiff, type Conflict } from './index.ts';

describe('conflicts', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('conflict');
    backendId = await insertTestBackend(db);
    await db.pool.query('create table rerun (conflict_id int)');
  });
  afterAll(async () => db.drop());

  it('raising twice keeps one open conflict with the latest snapshots and a count', async () => {
    const conflicts = createConflictService(db.pool);
    const first = await conflicts.raise({
      backendId,
      kind: 'order',
      amazonKey: '302-1111111-1111111',
      code: 'SKU_UNMAPPED',
      message: 'SKU MUG-RED has no ERP product',
      amazonSnapshot: { sku: 'MUG-RED' },
    });
    expect(first.created).toBe(true);
    const again = await conflicts.raiseFromError(
      backendId,
      'order',
      '302-1111111-1111111',
      new ConflictError('SKU_UNMAPPED', 'SKUs MUG-RED, MUG-BLUE have no ERP product', { skus: ['MUG-RED', 'MUG-BLUE'] }),
      { amazon: { sku: ['MUG-RED', 'MUG-BLUE'] } },
    );
    expect(again.created).toBe(false);
    expect(again.conflict).toMatchObject({
      id: first.conflict.id,
      status: 'open',
      occurrences: 2,
      message: 'SKUs MUG-RED, MUG-BLUE have no ERP product',
      amazonSnapshot: { sku: ['MUG-RED', 'MUG-BLUE'] },
      diff: { skus: ['MUG-RED', 'MUG-BLUE'] },
    });
    const other = await conflicts.raise({ backendId, kind: 'order', amazonKey: '302-1111111-1111111', code: 'TAX_UNMAPPED', message: 'x' });
    expect(other.created).toBe(true);
    expect(await conflicts.list({ backendId, status: 'open' })).toHaveLength(2);
  });

  it('resolving records the decision and runs the re-run hook in the same transaction', async () => {
    const seen: Conflict[] = [];
    const conflicts = createConflictService(db.pool, {
      onResolved: async (cs, tx) => {
        seen.push(...cs);
        for (const c of cs) await tx.query('insert into rerun values ($1)', [c.id]);
      },
    });
    const [open] = await conflicts.list({ backendId, code: 'SKU_UNMAPPED' });
    const resolved = await conflicts.resolve(open!.id, { action: 'mapped', by: 'admin', note: 'added to sku_map' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'mapped', by: 'admin', note: 'added to sku_map' } });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect(seen.map((c) => c.id)).toEqual([open!.id]);
    expect((await db.pool.query('select conflict_id from rerun')).rows).toEqual([{ conflict_id: open!.id }]);
    await expect(conflicts.resolve(open!.id, { action: 'retry', by: 'admin' })).rejects.toMatchObject({ code: 'CONFLICT_NOT_OPEN' });
    await expect(conflicts.dismiss(424242, { action: 'ignore', by: 'admin' })).rejects.toMatchObject({ code: 'CONFLICT_NOT_FOUND' });
    // Once resolved, the same problem may be raised anew as a fresh open conflict.
    expect((await conflicts.raise({ backendId, kind: 'order', amazonKey: '302-1111111-1111111', code: 'SKU_UNMAPPED', message: 'again' })).created).toBe(true);
  });

  it('a failing hook rolls the resolution back; dismiss runs no hook', async () => {
    const conflicts = createConflictService(db.pool, {
      onResolved: async () => {
        throw new Error('queue down');
      },
    });
    const { conflict } = await conflicts.raise({ backendId, kind: 'order', amazonKey: '302-2222222-2222222', code: 'TOTAL_MISMATCH', message: 'off by 0.02' });
    await expect(conflicts.resolve(conflict.id, { action: 'retry', by: 'admin' })).rejects.toThrow('queue down');
    expect((await conflicts.get(conflict.id)).status).toBe('open');
    expect((await conflicts.dismiss(conflict.id, { action: 'ignore', by: 'admin' })).status).toBe('dismissed');
  });

  it('a later successful sync closes the open conflicts of its record', async () => {
    const conflicts = createConflictService(db.pool);
    const n = await conflicts.resolveOpenFor(backendId, 'order', '302-1111111-1111111', { action: 'synced', by: 'connector' });
    expect(n).toBe(2);
    expect(await conflicts.list({ backendId, amazonKey: '302-1111111-1111111', status: 'open' })).toEqual([]);
    const page = await conflicts.list({ backendId, limit: 2 });
    expect(page).toHaveLength(2);
    expect(page[0]!.id).toBeGreaterThan(page[1]!.id);
    expect(await conflicts.list({ backendId, beforeId: page[1]!.id })).toHaveLength(2);
  });

  it('a bulk retry resolves the selected open conflicts of one backend in one hook call, audited one by one; dismiss likewise', async () => {
    const other = await insertTestBackend(db, 'other', 'A2OTHERSELLER');
    const batches: number[][] = [];
    const conflicts = createConflictService(db.pool, { onResolved: async (cs) => void batches.push(cs.map((c) => c.id)) });
    const raise = (b: number, key: string, code: 'TAX_UNMAPPED' | 'SETUP_INCOMPLETE' | 'SKU_UNMAPPED', kind = 'order') =>
      conflicts.raise({ backendId: b, kind, amazonKey: key, code, message: code }).then((r) => r.conflict);
    const tax = [await raise(backendId, 'B-1', 'TAX_UNMAPPED'), await raise(backendId, 'B-2', 'TAX_UNMAPPED')];
    const setup = await raise(backendId, 'B-2', 'SETUP_INCOMPLETE');
    const sku = await raise(backendId, 'B-3', 'SKU_UNMAPPED');
    const shipment = await raise(backendId, 'S-1', 'TAX_UNMAPPED', 'shipment');
    const elsewhere = await raise(other, 'B-1', 'TAX_UNMAPPED');
    const sel = { backendId, codes: ['TAX_UNMAPPED', 'SETUP_INCOMPLETE'], kinds: ['order'] };

    expect(await conflicts.countOpen(sel)).toEqual({ count: 3, byCode: { TAX_UNMAPPED: 2, SETUP_INCOMPLETE: 1 } });
    const done = await conflicts.resolveWhere(sel, { action: 'retry', by: 'admin', note: 'taxes created' });
    expect(done).toEqual({ count: 3, byCode: { TAX_UNMAPPED: 2, SETUP_INCOMPLETE: 1 } });
    expect(batches.map((ids) => [...ids].sort((a, b) => a - b))).toEqual([[...tax, setup].map((c) => c.id).sort((a, b) => a - b)]);
    for (const c of [...tax, setup]) expect(await conflicts.get(c.id)).toMatchObject({ status: 'resolved', resolution: { action: 'retry', by: 'admin', note: 'taxes created' } });
    for (const c of [sku, shipment, elsewhere]) expect((await conflicts.get(c.id)).status).toBe('open');
    // Each conflict audited as the single retry audits it.
    const audit = await db.pool.query<{ actor: string; action: string; target: string; before: unknown; after: unknown }>(
      `select actor, action, target, before, after from audit_log where target = any($1::text[]) order by target`,
      [[...tax, setup].map((c) => `conflict:${c.id}`)],
    );
    expect(audit.rows).toHaveLength(3);
    expect(audit.rows.find((r) => r.target === `conflict:${setup.id}`)).toEqual({
      actor: 'admin',
      action: 'conflict.resolve',
      target: `conflict:${setup.id}`,
      before: { status: 'open', code: 'SETUP_INCOMPLETE', kind: 'order', amazonKey: 'B-2' },
      after: { status: 'resolved', resolution: { action: 'retry', by: 'admin', note: 'taxes created' } },
    });
    // Again: nothing left to act on, no hook call, no error.
    expect(await conflicts.resolveWhere(sel, { action: 'retry', by: 'admin' })).toEqual({ count: 0, byCode: {} });
    expect(batches).toHaveLength(1);
    // An empty list of kinds selects nothing (never everything).
    expect(await conflicts.countOpen({ backendId, kinds: [] })).toEqual({ count: 0, byCode: {} });

    // Dismiss by key and date window, no hook.
    expect(await conflicts.dismissWhere({ backendId, amazonKey: 'B-3', createdBefore: new Date(Date.now() - 60_000) }, { action: 'dismiss', by: 'admin' })).toMatchObject({ count: 0 });
    const dismissed = await conflicts.dismissWhere({ backendId, amazonKey: 'B-3', createdAfter: new Date(Date.now() - 60_000) }, { action: 'dismiss', by: 'cli', note: 'discontinued' });
    expect(dismissed).toEqual({ count: 1, byCode: { SKU_UNMAPPED: 1 } });
    expect(await conflicts.get(sku.id)).toMatchObject({ status: 'dismissed', resolution: { by: 'cli', note: 'discontinued' } });
    expect(batches).toHaveLength(1);
    const { rows } = await db.pool.query(`select actor, action from audit_log where target = $1`, [`conflict:${sku.id}`]);
    expect(rows).toEqual([{ actor: 'cli', action: 'conflict.dismiss' }]);
  });

  it('two bulk retries at once re-run each conflict once between them', async () => {
    const rerun: number[] = [];
    const conflicts = createConflictService(db.pool, {
      onResolved: async (cs) => {
        await new Promise((r) => setTimeout(r, 50)); // hold the locks while the other one waits
        rerun.push(...cs.map((c) => c.id));
      },
    });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await conflicts.raise({ backendId, kind: 'race', amazonKey: `R-${i}`, code: 'TAX_UNMAPPED', message: 'x' })).conflict.id);
    const sel = { backendId, kinds: ['race'] };
    const [a, b] = await Promise.all([conflicts.resolveWhere(sel, { action: 'retry', by: 'a' }), conflicts.resolveWhere(sel, { action: 'retry', by: 'b' })]);
    expect(a.count + b.count).toBe(20);
    expect(rerun.sort((x, y) => x - y)).toEqual(ids);
  });

  it('fieldDiff lists only differing fields with both values', () => {
    expect(fieldDiff({ qty: 2, price: '9.99', name: 'Mug' }, { qty: 3, price: '9.99' })).toEqual([
      { field: 'qty', amazon: 2, erp: 3 },
      { field: 'name', amazon: 'Mug', erp: null },
    ]);
  });
});
