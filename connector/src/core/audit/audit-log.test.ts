/**
 * The audit log records what people change, in the same statement or transaction as the change: lookup rows
 * (only the entries whose value changed), mapping rules (before and after), conflict decisions (with who).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createConflictService } from '../conflict/index.ts';
import { createLookupStore } from '../lookup/index.ts';
import { createMappingRuleStore } from '../mapper/index.ts';
import { createAuditLog } from './audit-log.ts';

describe('audit log', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('audit');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());
  const latest = async () => (await createAuditLog(db.pool).list({ backendId, limit: 1 }))[0];

  it('lookup puts record who changed which entries, before and after; unchanged writes record nothing', async () => {
    const lookups = createLookupStore(db.pool);
    await lookups.put(backendId, 'sku_map', [{ key: 'MUG', value: { productId: 1 } }, { key: 'CUP', value: { productId: 2 } }], { actor: 'admin-token' });
    expect(await latest()).toMatchObject({
      actor: 'admin-token',
      action: 'mapping.lookup.put',
      target: 'lookup:sku_map',
      before: null,
      after: { MUG: { productId: 1 }, CUP: { productId: 2 } },
    });
    await lookups.put(backendId, 'sku_map', [{ key: 'MUG', value: { productId: 3 } }, { key: 'CUP', value: { productId: 2 } }], { actor: 'cli' });
    expect(await latest()).toMatchObject({ actor: 'cli', before: { MUG: { productId: 1 } }, after: { MUG: { productId: 3 } } });
    const count = async () => (await db.pool.query('select count(*)::int as n from audit_log')).rows[0].n as number;
    const n = await count();
    await lookups.put(backendId, 'sku_map', [{ key: 'MUG', value: { productId: 3 } }]);
    expect(await count()).toBe(n);
    expect(await lookups.remove(backendId, 'sku_map', ['CUP', 'NOPE'], { actor: 'admin-token' })).toBe(1);
    expect(await latest()).toMatchObject({ action: 'mapping.lookup.remove', before: { CUP: { productId: 2 } }, after: null });
  });

  it('a mapping change is announced to every process (their reference data), only when something changed', async () => {
    const listener = await db.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('listen aec_backend_changed');
      const lookups = createLookupStore(db.pool);
      await lookups.put(backendId, 'tax_map', [{ key: 'A1PA6795UKMFR9|DE|19', value: { taxId: 3, priceIncluded: true } }]);
      await lookups.put(backendId, 'tax_map', [{ key: 'A1PA6795UKMFR9|DE|19', value: { taxId: 3, priceIncluded: true } }]);
      await lookups.remove(backendId, 'tax_map', ['NOPE']);
      await lookups.remove(backendId, 'tax_map', ['A1PA6795UKMFR9|DE|19']);
      const until = Date.now() + 5_000;
      while (heard.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([`${backendId}:mappings`, `${backendId}:mappings`]);
    } finally {
      await listener.query('unlisten *');
      listener.release();
    }
  });

  it('mapping rules: create, update and remove with the rule before and after', async () => {
    const rules = createMappingRuleStore(db.pool);
    const base = { target: 'sale.order', transforms: [], onlyCreate: false, enabled: true, position: 1 };
    const r = await rules.create(backendId, 'order', { ...base, erpField: 'x_channel', source: { kind: 'constant', value: 'amazon' } }, { actor: 'admin-token' });
    expect(await latest()).toMatchObject({ action: 'mapping.rule.create', target: `mapping_rule:${r.id}`, before: null, after: { erpField: 'x_channel', source: { value: 'amazon' } } });
    await rules.update(backendId, r.id, 'order', { ...base, erpField: 'x_channel', source: { kind: 'constant', value: 'AMZ' } }, { actor: 'cli' });
    expect(await latest()).toMatchObject({ action: 'mapping.rule.update', actor: 'cli', before: { source: { value: 'amazon' } }, after: { source: { value: 'AMZ' } } });
    expect(await rules.remove(backendId, r.id, { actor: 'admin-token' })).toBe(true);
    expect(await latest()).toMatchObject({ action: 'mapping.rule.remove', before: { source: { value: 'AMZ' } } });
  });

  it('conflict decisions are audited with their actor; a rolled-back resolution leaves no entry', async () => {
    const conflicts = createConflictService(db.pool, {
      onResolved: async () => {
        throw new Error('queue down');
      },
    });
    const { conflict } = await conflicts.raise({ backendId, kind: 'order', amazonKey: '302-1', code: 'SKU_UNMAPPED', message: 'x' });
    await expect(conflicts.resolve(conflict.id, { action: 'retry', by: 'admin-token' })).rejects.toThrow('queue down');
    expect((await latest())?.target).not.toBe(`conflict:${conflict.id}`);
    await conflicts.dismiss(conflict.id, { action: 'dismiss', by: 'admin-token', note: 'test order' });
    expect(await latest()).toMatchObject({
      actor: 'admin-token',
      action: 'conflict.dismiss',
      target: `conflict:${conflict.id}`,
      before: { status: 'open', code: 'SKU_UNMAPPED' },
      after: { status: 'dismissed', resolution: { note: 'test order' } },
    });
  });

  it('pages newest first and filters by backend', async () => {
    const other = await insertTestBackend(db, 'other', 'A2OTHER');
    await createLookupStore(db.pool).put(other, 'sku_map', [{ key: 'X', value: { productId: 9 } }]);
    const log = createAuditLog(db.pool);
    const all = await log.list({ limit: 100 });
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect((await log.list({ backendId: other, limit: 100 })).map((e) => e.actor)).toEqual(['system']);
    const page = await log.list({ backendId, limit: 2, beforeId: all[1]!.id });
    expect(page.every((e) => e.id < all[1]!.id && e.backendId === backendId)).toBe(true);
  });
});
