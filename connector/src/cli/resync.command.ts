/**
 * `resync`: one order fetched again (getOrder), stored and enqueued, then followed until a worker has imported
 * it (or decided it waits, or raised a conflict). The CLI does not import itself: the workers own the ERP writes,
 * their locks and their retries, so an order is never imported by two code paths.
 */
import type { Queryable } from '../core/sql.ts';
import type { OrderSyncState } from '../sync/orders/order-sync-state.ts';
import { resyncOrder } from '../sync/orders/resync-order.ts';
import { resolveActiveBackend } from './backend-ref.ts';
import { CliError } from './cli-error.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';

export interface ResyncArgs {
  backend: string;
  order: string;
  timeoutMs: number;
  json: boolean;
}

export interface OrderOutcome {
  amazonOrderId: string;
  state: OrderSyncState;
  /** Why it waits, failed or is in conflict (a stable code). */
  code: string | null;
  erp: { id: number; name: string | null } | null;
  conflict: { code: string; message: string } | null;
}

/** Where the order stands now, with its ERP order and its newest open conflict. */
export async function orderOutcome(db: Queryable, backendId: number, amazonOrderId: string): Promise<OrderOutcome | null> {
  const { rows } = await db.query<{ state: OrderSyncState; code: string | null; erp_id: number | null; erp_name: string | null; conflict: { code: string; message: string } | null }>(
    `select o.sync_state as state, o.sync_code as code, b.erp_id, o.erp_order_name as erp_name,
            (select json_build_object('code', c.code, 'message', c.message) from sync_conflict c
              where c.backend_id = o.backend_id and c.kind = 'order' and c.amazon_key = o.amazon_order_id and c.status = 'open'
              order by c.updated_at desc limit 1) as conflict
       from amazon_order o
       left join binding b on b.backend_id = o.backend_id and b.kind = 'order' and b.amazon_key = o.amazon_order_id
      where o.backend_id = $1 and o.amazon_order_id = $2`,
    [backendId, amazonOrderId],
  );
  const r = rows[0];
  if (!r) return null;
  return { amazonOrderId, state: r.state, code: r.code, erp: r.erp_id === null ? null : { id: r.erp_id, name: r.erp_name }, conflict: r.state === 'conflict' ? r.conflict : null };
}

/** Polls until the order has left `queued`; CliError('CLI_TIMEOUT') after `timeoutMs`. */
export async function waitForOutcome(db: Queryable, backendId: number, amazonOrderId: string, timeoutMs: number): Promise<OrderOutcome> {
  const until = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(1000, delay * 2)) {
    const o = await orderOutcome(db, backendId, amazonOrderId);
    if (o && o.state !== 'queued') return o;
    if (Date.now() + delay > until) {
      throw new CliError(
        'CLI_TIMEOUT',
        `order ${amazonOrderId} is still queued after ${Math.round(timeoutMs / 1000)} s${o?.code ? ` (last retry: ${o.code})` : ''}: ` +
          'is a worker running (CONNECTOR_ROLE all or worker)? The import job stays enqueued and runs when one is.',
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** The outcome in one line. */
export function formatOutcome(o: OrderOutcome): string {
  switch (o.state) {
    case 'imported':
      return `order ${o.amazonOrderId}: imported as ${o.erp?.name ?? '?'} (sale.order ${o.erp?.id ?? '?'})`;
    case 'conflict':
      return `order ${o.amazonOrderId}: conflict ${o.conflict?.code ?? o.code ?? '?'}: ${o.conflict?.message ?? 'see the conflicts API'}`;
    default:
      return `order ${o.amazonOrderId}: ${o.state.replace('_', ' ')}${o.code ? ` (${o.code})` : ''}`;
  }
}

const FAILED: ReadonlySet<OrderSyncState> = new Set(['conflict', 'failed']);

/** `resync --backend ID --order AMAZON_ORDER_ID [--timeout S] [--json]`. */
export async function resyncCommand(env: CliEnv, args: ResyncArgs, io: CliIo): Promise<CommandOutcome<OrderOutcome>> {
  const backend = await resolveActiveBackend(env.core, args.backend);
  await resyncOrder(env, backend.id, args.order);
  if (!args.json) io.err(`order ${args.order} of ${backendLabel(backend)} fetched and enqueued; waiting for a worker to import it...`);
  const outcome = await waitForOutcome(env.db.pool, backend.id, args.order, args.timeoutMs);
  io.out(args.json ? JSON.stringify(outcome, null, 2) : formatOutcome(outcome));
  return { exitCode: FAILED.has(outcome.state) ? 1 : 0, result: outcome };
}
