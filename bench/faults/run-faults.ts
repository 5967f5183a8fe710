/**
 * One run of the fault bench: N Amazon orders through a whole stack (test/support/connector-stack.ts: both
 * sandboxes, two worker processes), with or without the fault run's faults and kills (test/support/fault-run.ts),
 * timed from the first worker's start to the import at rest, then checked the way a user would: every importable
 * order one confirmed ERP order, none twice, nothing missing.
 */
import { startStack } from '../../test/support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from '../../test/support/expected-orders.ts';
import { injectFaultRunFaults, twoWorkersOneKilled } from '../../test/support/fault-run.ts';
import { amazonFaults, clearFaults, erpFaults } from '../../test/support/faults.ts';

export interface FaultRunOptions {
  adminUrl: string;
  orders: number;
  /** Faults on both sandboxes and the second worker killed twice; false: the same two workers, undisturbed. */
  faults: boolean;
  say: (s: string) => void;
}

export interface FaultRunFigures {
  faults: boolean;
  orders: number;
  merchant: number;
  importable: number;
  /** Importable orders with exactly one confirmed ERP order. */
  importedOnce: number;
  /** Amazon order ids with more than one ERP order. */
  duplicates: number;
  /** Importable orders without a confirmed ERP order. */
  missing: number;
  /** From the first worker's start to the import at rest (nothing queued, no import job left). */
  secondsToConverge: number;
  killsAtSeconds: number[];
  amazonFaults: Record<string, number>;
  erpFaults: Record<string, number>;
}

/** Runs once and returns the figures. */
export async function runFaultRun(o: FaultRunOptions): Promise<FaultRunFigures> {
  const stack = await startStack({ adminUrl: o.adminUrl, label: `bench_faults_${o.faults ? 'on' : 'off'}` });
  try {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: o.orders });
    const orders = ids.map((id) => stack.amazon.getOrder(id).order as unknown as SandboxOrder);
    const merchant = orders.filter((x) => x.fulfillment?.fulfilledBy !== 'AMAZON').length;
    const importable = new Set(orders.filter((x) => expectationOf(x, new Set()).kind === 'import').map((x) => x.orderId));
    o.say(`${o.orders} orders (${merchant} merchant-fulfilled, ${importable.size} importable), faults ${o.faults ? 'on' : 'off'}`);
    if (o.faults) await injectFaultRunFaults(stack);
    const started = Date.now();
    const killsAt = await twoWorkersOneKilled(stack, o.faults ? 2 : 0);
    await stack.waitForIdle(30 * 60_000, merchant);
    const seconds = (Date.now() - started) / 1000;
    const fired = { amazon: (await amazonFaults(stack.amazon)).fired.byKind, erp: (await erpFaults(stack.erp.sandbox)).fired.byKind };
    await clearFaults(stack.erp.sandbox);
    await clearFaults(stack.amazon);
    const erp = await stack.erpClient.searchRead('sale.order', [['client_order_ref', 'in', ids]], ['client_order_ref', 'state']);
    const byRef = new Map<string, string[]>();
    for (const so of erp) byRef.set(String(so.client_order_ref), [...(byRef.get(String(so.client_order_ref)) ?? []), String(so.state)]);
    const once = [...importable].filter((id) => byRef.get(id)?.length === 1 && byRef.get(id)![0] === 'sale').length;
    return {
      faults: o.faults,
      orders: o.orders,
      merchant,
      importable: importable.size,
      importedOnce: once,
      duplicates: [...byRef.values()].filter((v) => v.length > 1).length,
      missing: [...importable].filter((id) => !byRef.get(id)?.includes('sale')).length,
      secondsToConverge: Number(seconds.toFixed(1)),
      killsAtSeconds: killsAt.map((ms) => Number((ms / 1000).toFixed(1))),
      amazonFaults: fired.amazon,
      erpFaults: fired.erp,
    };
  } finally {
    await stack.close();
  }
}
