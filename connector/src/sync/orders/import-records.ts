/**
 * The records of the import workflows and what each step adds to them. A record starts as `OrderRecord` (the
 * stored order) and grows by intersection: `Mapped` (map-order), `Found` (find-erp-order), `Customers`
 * (resolve-customer), `InErp` (create-sale-order, confirm-sale-order, apply-amazon-changes) and `Verified`
 * (verify-imported). A step's type says what it needs and what it gives; nothing is optional and read with `!`.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { WorkRecord } from '../../core/workflow/step.ts';
import type { CoreServices } from '../../core/services.ts';
import type { LockSession } from '../../core/lock.ts';
import type { StoredOrder } from './order-documents.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { ImportedSaleOrder, SaleOrderRef } from './erp/sale-order.gateway.ts';
import type { MappedOrder } from './mapping/order.mapper.ts';
import type { OrderMapContext } from './mapping/order-map-context.ts';

/** A stored Amazon order entering a workflow. */
export interface OrderRecord extends WorkRecord {
  /** The Amazon order id. */
  readonly key: string;
  readonly stored: StoredOrder;
  /** The order the steps use: the stored one, its free text cleaned of NUL and lone surrogates (mapping/order-text.ts). */
  readonly order: Order;
  /** The free-text fields so cleaned (paths), said in the ERP order's note. */
  readonly textReplaced?: readonly string[];
}

/** map-order: what the ERP order must hold. */
export interface Mapped {
  readonly mapped: MappedOrder;
}

/** find-erp-order: the ERP order already holding this Amazon order (a crashed run's draft...), if any. */
export interface Found {
  readonly existing: SaleOrderRef | null;
}

/** resolve-customer: the ERP partners of an order still to create (null when the ERP order exists). */
export interface Customers {
  readonly customer: { partnerId: number; deliveryId: number | null } | null;
}

/** The ERP sales order of the record, with its state as last seen. */
export interface InErp {
  readonly saleOrder: SaleOrderRef;
}

/** verify-imported: the ERP order as read back. */
export interface Verified {
  readonly imported: ImportedSaleOrder;
}

export interface ImportDeps {
  core: CoreServices;
  rt: BackendRuntime;
  ctx: OrderMapContext;
  /** Records per ERP call (vals_list size, ids per action). */
  batchSize: number;
  /** The job's lock session (it holds the order locks; customer locks are taken and given back on it). */
  locks: LockSession;
  /** The job's stop signal (a stopping worker): long waits end early (the customer locks' wait defers instead). */
  signal?: AbortSignal;
}

/** The ERP reference of an Amazon order's customer or delivery contact, derived from its PII-free key. */
export function partnerRef(key: string): string {
  const [kind, value = ''] = key.split(':', 2);
  if (kind === 'order') return `AMZ-C-${value}`;
  return `AMZ-${kind === 'addr' ? 'A' : 'C'}-${value.slice(0, 24)}`;
}
