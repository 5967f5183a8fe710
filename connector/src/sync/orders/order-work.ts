/** The per-order state carried through the import workflow's steps, and what every step may use. */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { WorkRecord } from '../../core/workflow/step.ts';
import type { CoreServices } from '../../core/services.ts';
import type { LockSession } from '../../core/lock.ts';
import type { StoredOrder } from './order-documents.ts';
import type { BackendRuntime } from './backend-runtime.ts';
import type { MappedOrder } from './order.mapper.ts';
import type { MapProblem, OrderMapContext } from './order-map-context.ts';

export interface OrderWork extends WorkRecord {
  /** The Amazon order id. */
  readonly key: string;
  readonly stored: StoredOrder;
  readonly order: Order;
  mapped?: MappedOrder;
  /** Every problem the mapper found (a conflict is raised per code). */
  problems?: MapProblem[];
  partnerId?: number;
  deliveryId?: number;
  /** The ERP sales order, once it exists (found by reference or created). */
  saleOrderId?: number;
  /** Its state when found or created: only drafts get confirmed. */
  saleOrderState?: string;
  /** Read back after confirmation. */
  erpName?: string;
  erpWriteDate?: string;
}

export interface ImportDeps {
  core: CoreServices;
  rt: BackendRuntime;
  ctx: OrderMapContext;
  /** Records per ERP call (vals_list size, ids per action). */
  batchSize: number;
  /** The job's lock session (it holds the order locks; customer locks are taken and given back on it). */
  locks: LockSession;
}

/** The ERP reference of an Amazon order's customer or delivery contact, derived from its PII-free key. */
export function partnerRef(key: string): string {
  const [kind, value = ''] = key.split(':', 2);
  if (kind === 'order') return `AMZ-C-${value}`;
  return `AMZ-${kind === 'addr' ? 'A' : 'C'}-${value.slice(0, 24)}`;
}
