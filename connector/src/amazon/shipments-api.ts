/**
 * Orders v0 `confirmShipment` (2/s, burst 10; 204 without a body on success) and the read-back that decides an
 * unknown outcome: v2026-01-01 `getOrder` with PACKAGES (and FULFILLMENT, for the order's status). Protocol only:
 * the body is checked against the model's `ConfirmShipmentRequest` before any quota is spent, the read-back's
 * packages are checked against the model's `OrderPackage`; nothing is mapped here.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';
import { FulfillmentStatus, OrderPackage } from './models/orders-v2026.ts';
import type { OrdersApi } from './orders-api.ts';

/** Not idempotent: a second confirmation of the same package after an unknown outcome is what the flow must avoid. */
export const CONFIRM_SHIPMENT: SpApiOperation = {
  name: 'confirmShipment',
  clientOperation: 'orders.confirmShipment',
  version: 'v0',
  idempotent: false,
  emptyResponse: true,
};

const Positive = Type.String({ pattern: '^[1-9][0-9]{0,18}$' });

/** The model's `PackageDetail` (ordersV0.json), the package reference restricted to positive numbers as Amazon asks. */
export const PackageDetail = Type.Object(
  {
    packageReferenceId: Positive,
    carrierCode: Type.String({ minLength: 1 }),
    carrierName: Type.Optional(Type.String({ minLength: 1 })),
    shippingMethod: Type.Optional(Type.String({ minLength: 1 })),
    trackingNumber: Type.String({ minLength: 1 }),
    shipDate: Type.String({ format: 'date-time' }),
    shipFromSupplySourceId: Type.Optional(Type.String()),
    orderItems: Type.Array(
      Type.Object(
        { orderItemId: Type.String({ minLength: 1 }), quantity: Type.Integer({ minimum: 1 }), transparencyCodes: Type.Optional(Type.Array(Type.String())) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type PackageDetail = Static<typeof PackageDetail>;

export const ConfirmShipmentRequest = Type.Object(
  { marketplaceId: Type.String({ minLength: 1 }), packageDetail: PackageDetail, codCollectionMethod: Type.Optional(Type.Literal('DirectPayment')) },
  { additionalProperties: false },
);
export type ConfirmShipmentRequest = Static<typeof ConfirmShipmentRequest>;
const RequestCheck = Compile(ConfirmShipmentRequest);

/** What the read-back needs of an order: its status and its packages (each checked on its own). */
export interface OrderPackages {
  orderId: string;
  fulfillmentStatus: FulfillmentStatus | null;
  fulfilledBy: string | null;
  packages: OrderPackage[];
  /** Packages that did not match the model (left out), by index: the paths of their problems. */
  malformed: number;
}
const PackageCheck = Compile(OrderPackage);
const StatusCheck = Compile(FulfillmentStatus);

/** The shipment operations of one seller account. */
export class ShipmentsApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;
  readonly #orders: Pick<OrdersApi, 'getOrder'>;

  constructor(caller: Pick<SpApiCaller, 'call'>, orders: Pick<OrdersApi, 'getOrder'>) {
    this.#caller = caller;
    this.#orders = orders;
  }

  /**
   * Confirms one package of a merchant-fulfilled order. Resolves once Amazon answered 204; a 400 rejects with
   * PermanentError('AMAZON_INVALID_REQUEST') carrying Amazon's code and message; an unknown outcome (timeout,
   * reset, 5xx) with a RetryableError that the caller must settle by reading the order back, never by resending.
   */
  async confirmShipment(orderId: string, request: ConfirmShipmentRequest, options: CallOptions = {}): Promise<{ requestId?: string }> {
    if (typeof orderId !== 'string' || orderId.trim() === '') {
      throw new PermanentError('AMAZON_INVALID_REQUEST', 'confirmShipment: orderId must be a non-empty string', { operation: 'confirmShipment' });
    }
    if (!RequestCheck.Check(request)) {
      const problems = [...RequestCheck.Errors(request)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
      throw new PermanentError('AMAZON_INVALID_REQUEST', `confirmShipment: ${problems.join('; ')}`, { operation: 'confirmShipment', problems });
    }
    const res = await this.#caller.call(CONFIRM_SHIPMENT, { path: { orderId }, body: request }, options);
    return res.requestId ? { requestId: res.requestId } : {};
  }

  /** The order's status and packages (getOrder with FULFILLMENT and PACKAGES, 0.5/s burst 30). */
  async orderPackages(orderId: string, options: CallOptions = {}): Promise<OrderPackages> {
    const { order } = await this.#orders.getOrder(orderId, ['FULFILLMENT', 'PACKAGES'], options);
    return readPackages(orderId, order);
  }
}

/** The status and the well-formed packages of a raw v2026 order (exported for its unit test). */
export function readPackages(orderId: string, order: unknown): OrderPackages {
  const o = (order ?? {}) as { fulfillment?: { fulfillmentStatus?: unknown; fulfilledBy?: unknown }; packages?: unknown };
  const status = o.fulfillment?.fulfillmentStatus;
  const raw = Array.isArray(o.packages) ? o.packages : [];
  const packages = raw.filter((p): p is OrderPackage => PackageCheck.Check(p));
  return {
    orderId,
    fulfillmentStatus: StatusCheck.Check(status) ? status : null,
    fulfilledBy: typeof o.fulfillment?.fulfilledBy === 'string' ? o.fulfillment.fulfilledBy : null,
    packages,
    malformed: raw.length - packages.length,
  };
}
