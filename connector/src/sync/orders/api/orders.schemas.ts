/** The order flow's API shapes (TypeBox, each shared one with an `$id`): an order, its sync state, a page of them. */
import { Type, type Static } from 'typebox';
import { pageOf } from '../../../api/components.ts';
import { IsoTime, Money, Nullable } from '../../../api/schemas.ts';

/** Where a stored Amazon order stands in the import. */
export const OrderSyncState = Type.Union([
  Type.Literal('imported'),
  Type.Literal('kept'),
  Type.Literal('waiting'),
  Type.Literal('queued'),
  Type.Literal('conflict'),
  Type.Literal('failed'),
  Type.Literal('not_imported'),
  Type.Literal('ignored'),
]);
export type OrderSyncStateT = Static<typeof OrderSyncState>;

export const OrderView = Type.Object(
  {
    amazonOrderId: Type.String(),
    marketplaceId: Type.String(),
    amazonStatus: Type.String(),
    fulfilledBy: Nullable(Type.String()),
    amazonUpdatedAt: IsoTime,
    state: OrderSyncState,
    reason: Nullable(Type.String({ description: 'stable code of why it is waiting, failed or in conflict' })),
    erp: Nullable(Type.Object({ model: Type.String(), id: Type.Integer(), name: Nullable(Type.String()) })),
    total: Nullable(Money),
    withheldTax: Nullable(Money),
    // The ERP order's amount_total as the connector last read it (import, total check, keep_erp): no ERP call per view.
    erpTotal: Nullable(Money),
    totalsDiffer: Type.Boolean({ description: "the ERP total differs from Amazon's by at least one minor unit of the currency (false when either is unknown)" }),
    lastSyncedAt: Nullable(IsoTime),
  },
  { $id: 'Order' },
);
export type OrderViewT = Static<typeof OrderView>;

export const OrderPage = pageOf(OrderView, 'OrderPage');

/** The shapes the server registers for the order routes (named components of the document). */
export const orderSchemas = [OrderView, OrderPage];
