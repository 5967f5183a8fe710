/**
 * The binder's one concession to list queries that must stay a single statement (a page of orders with their ERP
 * ids): the `left join` of each row's binding. Only this folder names the `binding` table in SQL (checked by
 * scripts/check-binding-sql.ts); a read of one record or a batch goes through the Binder (`toErp`, `toErpMany`).
 */
import type { BindingKind } from './binder.ts';

export interface BindingJoinOn {
  /** SQL expression of the row's backend id, e.g. `o.backend_id`. */
  backendId: string;
  kind: BindingKind;
  /** SQL expression of the row's Amazon key, e.g. `o.amazon_order_id`. */
  amazonKey: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** `left join binding <alias> on ...`: the row's binding (or nulls) as `<alias>.erp_id`, `<alias>.erp_model`... */
export function joinBinding(alias: string, on: BindingJoinOn): string {
  // Code passes column names, never input: refuse anything else rather than splice it into SQL.
  for (const part of [alias, on.backendId, on.amazonKey, on.kind]) {
    if (!IDENTIFIER.test(part)) throw new Error(`joinBinding: not an identifier: ${part}`);
  }
  return `left join binding ${alias} on ${alias}.backend_id = ${on.backendId} and ${alias}.kind = '${on.kind}'` +
    ` and ${alias}.amazon_key = ${on.amazonKey}`;
}

/**
 * `not exists (...)`: the row has no binding. An anti-join the planner estimates well, where `<alias>.erp_id is null`
 * over `joinBinding`'s left join was estimated at one row (the SKU list then sorted every SKU for each page).
 */
export function noBinding(on: BindingJoinOn): string {
  for (const part of [on.backendId, on.amazonKey, on.kind]) {
    if (!IDENTIFIER.test(part)) throw new Error(`noBinding: not an identifier: ${part}`);
  }
  return `not exists (select 1 from binding nb where nb.backend_id = ${on.backendId} and nb.kind = '${on.kind}' and nb.amazon_key = ${on.amazonKey})`;
}
