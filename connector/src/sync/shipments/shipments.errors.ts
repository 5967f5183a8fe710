/**
 * The codes only the shipments flow raises (conflicts of kind `shipment`, one per delivery): registered with
 * core's `FlowErrorCodes` and listed in the flow's `errorCodes`.
 */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });

export const shipmentErrorCodes = defineErrorCodes({
  TRACKING_INVALID: unprocessable("the delivery's tracking number is missing or does not fit its carrier's format: nothing was sent to Amazon"),
  SHIPMENT_ITEM_UNMATCHED: unprocessable('the delivery moved a product that no item of the Amazon order sells (check the SKU table)'),
  SHIPMENT_QUANTITY_EXCEEDED: unprocessable('the delivery moved more units than the Amazon order has left to ship'),
  SHIPMENT_QUANTITY_FRACTIONAL: unprocessable('the delivery moved a fractional quantity: Amazon takes whole units only'),
  SHIPMENT_EMPTY: unprocessable('the delivery moved no unit'),
  SHIPMENT_ALREADY_SHIPPED: unprocessable('Amazon says the order is already shipped, by a package the connector did not send'),
  SHIPMENT_ORDER_CANCELLED: unprocessable('the Amazon order is cancelled: the delivery was not confirmed to Amazon'),
  SHIPMENT_REFUSED: unprocessable("Amazon refused the shipment confirmation (Amazon's message in the conflict)"),
});

export type ShipmentErrorCode = keyof typeof shipmentErrorCodes;

export const shipmentErrorList = Object.entries(shipmentErrorCodes).map(([code, e]) => ({ code, ...e }));

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ShipmentErrorCode, true> {}
}
