/** Helpers of the backend service's transactions: raw SQL in the ORM's transaction, audit + NOTIFY, row locks. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';
import { recordAudit, type AuditEntry } from '../audit/audit-log.ts';
import { PermanentError } from '../errors.ts';
import { isUniqueViolation, type Queryable } from '../sql.ts';
import { notifyBackendChanged } from './backend-changes.ts';

/** A Queryable over a MikroORM transaction: pg-style `$n` placeholders expanded to knex's `?` in order. */
export function sqlOf(tx: EntityManager): Queryable {
  return {
    query: (async (text: string, params: unknown[] = []) => {
      const ordered: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => (ordered.push(params[Number(n) - 1]), '?'));
      const rows = await tx.getConnection().execute(sql, ordered, 'all', tx.getTransactionContext());
      return { rows, rowCount: Array.isArray(rows) ? rows.length : 0 };
    }) as unknown as Queryable['query'],
  };
}

/** A live backend already has the name (the database's partial unique index said so): never the raw INSERT. */
export async function uniqueName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e, 'backend_name_live_unique')) {
      throw new PermanentError('BACKEND_NAME_TAKEN', `a backend named "${name}" already exists`, { name });
    }
    throw e;
  }
}

export const notFound = (id: number) => new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });

/** Audit entry and NOTIFY, both in `tx`: they commit (or not) with the change. */
export async function announce(tx: EntityManager, entry: AuditEntry): Promise<void> {
  const sql = sqlOf(tx);
  await recordAudit(sql, entry);
  if (entry.backendId !== null) await notifyBackendChanged(sql, entry.backendId);
}

/** The live (not deleted) backend row, locked for the rest of `tx`; BACKEND_NOT_FOUND otherwise. */
export async function lockLive(tx: EntityManager, id: number) {
  const row = await tx.findOne(Backend, { id, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!row) throw notFound(id);
  return row;
}
