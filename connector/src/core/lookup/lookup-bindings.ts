/**
 * A lookup table stored as bindings (see LookupTableSpec.binding): every read and write goes through the binder
 * (only core/binding names the binding table); the audit entry and the NOTIFY of a change are written in the
 * same transaction as the bindings, with the same shape as a lookup-entry table's.
 */
import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import { notifyBackendChanged } from '../backend/backend-changes.ts';
import { createBinder, type Binding } from '../binding/binder.ts';
import { withTransaction } from '../tx.ts';
import type { Queryable } from '../sql.ts';
import type { LookupEntryInput, LookupTableSpec } from './lookup-table-spec.ts';

type BindingSpec = LookupTableSpec & { binding: NonNullable<LookupTableSpec['binding']> };

const valueOf = (spec: BindingSpec, b: Binding) => ({ [spec.binding.idField]: b.erpId });

/** Notes the table as existing (the list of tables shows it, with its count, as for any table). */
const markTable = (tx: Queryable, backendId: number, table: string) =>
  tx.query(`insert into lookup_table (backend_id, name) values ($1, $2) on conflict (backend_id, name) do nothing`, [backendId, table]);

/**
 * Upserts the entries as bindings; audits and announces the ones whose ERP record changed. In `inTx` when given
 * (the caller's transaction: a conflict resolved by mapping its SKU), else in a transaction of its own.
 */
export function putBindings(pool: pg.Pool, backendId: number, spec: BindingSpec, entries: readonly LookupEntryInput[], actor: string, inTx?: Queryable): Promise<void> {
  const last = new Map(entries.map((e) => [e.key, Number((e.value as Record<string, unknown>)[spec.binding.idField])]));
  const { kind, erpModel } = spec.binding;
  const run = (fn: (tx: Queryable) => Promise<void>) => (inTx ? fn(inTx) : withTransaction(pool, fn));
  return run(async (tx) => {
    await markTable(tx, backendId, spec.name);
    const binder = createBinder(tx);
    const old = await binder.toErpMany(backendId, kind, [...last.keys()]);
    await binder.bindMany(backendId, [...last].map(([amazonKey, erpId]) => ({ kind, amazonKey, erpModel, erpId })));
    const changed = [...last].filter(([k, id]) => old.get(k)?.erpId !== id || old.get(k)?.erpModel !== erpModel);
    if (!changed.length) return;
    const before = Object.fromEntries(changed.filter(([k]) => old.has(k)).map(([k]) => [k, valueOf(spec, old.get(k)!)]));
    await recordAudit(tx, {
      actor,
      action: 'mapping.lookup.put',
      backendId,
      target: `lookup:${spec.name}`,
      before: Object.keys(before).length ? before : null,
      after: Object.fromEntries(changed.map(([k, id]) => [k, { [spec.binding.idField]: id }])),
    });
    // Every process drops its cached reference data of the backend.
    await notifyBackendChanged(tx, backendId, 'mappings');
  });
}

/** Removes the bindings of `keys`; audits and announces what was removed. Returns how many were. */
export function removeBindings(pool: pg.Pool, backendId: number, spec: BindingSpec, keys: readonly string[], actor: string): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const gone = await createBinder(tx).unbindMany(backendId, spec.binding.kind, keys);
    if (!gone.length) return 0;
    await recordAudit(tx, {
      actor,
      action: 'mapping.lookup.remove',
      backendId,
      target: `lookup:${spec.name}`,
      before: Object.fromEntries(gone.map((b) => [b.amazonKey, valueOf(spec, b)])),
    });
    await notifyBackendChanged(tx, backendId, 'mappings');
    return gone.length;
  });
}

/** The values of `keys` (all of the table's when `keys` is omitted). */
export async function readBindings(db: Queryable, backendId: number, spec: BindingSpec, keys?: readonly string[]): Promise<Map<string, unknown>> {
  const binder = createBinder(db);
  const rows = keys ? [...(await binder.toErpMany(backendId, spec.binding.kind, [...new Set(keys)])).values()] : await binder.listKind(backendId, spec.binding.kind);
  return new Map(rows.map((b) => [b.amazonKey, valueOf(spec, b)]));
}

/** How many entries the table has. */
export const countBindings = (db: Queryable, backendId: number, spec: BindingSpec) => createBinder(db).count(backendId, spec.binding.kind);

export type { BindingSpec };
