/**
 * What to do next, in plain words, per leading indicator and per rate: shown by the panel beside the orders behind
 * each (the panel takes it from the API, so the words live in one place).
 */
import type { Metric } from './thresholds.ts';

export type Indicator = 'atRisk' | 'confirmedLate' | 'trackingRefused' | 'sellerCancelled';

export const ADVICE: Readonly<Record<Indicator, { label: string; advice: string }>> = {
  atRisk: {
    label: 'Orders at risk of shipping late',
    advice: 'Ship these first: validate their deliveries in the ERP before the ship-by time (the connector confirms them within seconds). An order that cannot leave in time: tell the buyer, and confirm it late rather than cancel it.',
  },
  confirmedLate: {
    label: 'Shipments confirmed late',
    advice: "Each one counts in Amazon's late shipment rate for 30 days. Validate deliveries in the ERP the moment the parcel leaves; check that the change feed is fast (webhook on) and that no shipment conflict waits.",
  },
  trackingRefused: {
    label: 'Tracking numbers refused',
    advice: 'Correct the tracking number on the delivery in the ERP (the carrier and the number as printed on the label), then retry the conflict. A shipment confirmed without a valid number lowers the valid tracking rate.',
  },
  sellerCancelled: {
    label: 'Cancellations by the seller',
    advice: 'Each cancellation for missing stock counts in the pre-fulfilment cancellation rate (7 days). Keep the merchant stock flow on so Amazon never sells what the ERP does not have; a buyer\'s own request (BuyerCanceled) does not count.',
  },
};

export const RATE_ADVICE: Readonly<Partial<Record<Metric, string>>> = {
  orderDefectRate: 'Answer A-to-z claims and chargebacks within the day, refund before a claim is filed, and ship with tracking so claims of non-delivery can be disputed.',
  lateShipmentRate: 'Confirm shipments before the ship-by time: see "Orders at risk" and "Shipments confirmed late".',
  preFulfillmentCancellationRate: 'Cancel less: keep listed quantities equal to the ERP stock (merchant stock flow) and see "Cancellations by the seller".',
  validTrackingRate: 'Send a tracking number the carrier scans with every shipment: see "Tracking numbers refused", and prefer carriers with tracking.',
  onTimeDeliveryRate: 'Choose services whose transit time fits the promised delivery date, and hand parcels over the day they are confirmed.',
};
