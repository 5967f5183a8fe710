/**
 * `resync`: one order fetched again (getOrder, in this process), stored and enqueued, then followed until a worker has imported
 * it (or decided it waits, or raised a conflict). The CLI does not import itself: the workers own the ERP writes,
 * their locks and their retries, so an order is never imported by two code paths.
 */
import type { Queryable } from '../core/sql.ts';
import type { OrderSyncState } from '../sync/orders/order-sync-state.ts';
import { orderOutcome, type OrderOutcome } from '../sync/orders/order-outcome.ts';
import { resyncOrder } from '../sync/orders/resync-order.task.ts';
import { resolveActiveBackend } from './backend-ref.ts';
import { CliError } from './cli-error.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';

export interface ResyncArgs {
  backend: string;
  order: string;
  timeoutMs: number;
  json: boolean;
}

export type { OrderOutcome };

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
  // The same path as a worker's resync job, run here (a terminal may wait for the quota): a sync run (trigger
  // `cli`) that the import closes with the outcome, so the API shows this request too.
  await resyncOrder(env, { backendId: backend.id, amazonOrderId: args.order }, { trigger: 'cli', ...env.job });
  if (!args.json) io.err(`order ${args.order} of ${backendLabel(backend)} fetched and enqueued; waiting for a worker to import it...`);
  const outcome = await waitForOutcome(env.db.pool, backend.id, args.order, args.timeoutMs);
  io.out(args.json ? JSON.stringify(outcome, null, 2) : formatOutcome(outcome));
  return { exitCode: FAILED.has(outcome.state) ? 1 : 0, result: outcome };
}
