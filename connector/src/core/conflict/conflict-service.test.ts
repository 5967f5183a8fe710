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

  it('fieldDiff lists only differing fields with both values', () => {
    expect(fieldDiff({ qty: 2, price: '9.99', name: 'Mug' }, { qty: 3, price: '9.99' })).toEqual([
      { field: 'qty', amazon: 2, erp: 3 },
      { field: 'name', amazon: 'Mug', erp: null },
    ]);
  });
});
