/**
 * Amazon's sandbox for Orders v0 `confirmShipment`: the model's two static examples (ordersV0.json), matched on the
 * order id and the exact body; anything else gets the sandbox's "Could not match input arguments".
 */
import { isDeepStrictEqual } from 'node:util';
import { NO_MATCH } from './static-replay.ts';

const ORDER_ID = '902-1106328-1059050';
const body = (shipDate: string) => ({
  marketplaceId: 'ATVPDKIKX0DER',
  packageDetail: {
    packageReferenceId: '1', carrierCode: 'FedEx', carrierName: 'FedEx', shippingMethod: 'FedEx Ground',
    trackingNumber: '112345678', shipDate, shipFromSupplySourceId: '057d3fcc-b750-419f-bbcd-4d340c60c430',
    orderItems: [{ orderItemId: '79039765272157', quantity: 1, transparencyCodes: ['09876543211234567890'] }],
  },
});
const EXAMPLES = [
  { body: body('2022-02-11T01:00:00.000Z'), status: 204, response: undefined },
  { body: body('02/21/2022'), status: 400, response: { errors: [{ code: 'Invalid Input', message: 'Invalid Input' }] } },
];

/** The example answering this call, or NO_MATCH. */
export function replayConfirmShipment(orderId: string, given: unknown): { status: number; body: unknown } {
  if (orderId !== ORDER_ID) return NO_MATCH;
  const ex = EXAMPLES.find((e) => isDeepStrictEqual(e.body, given));
  return ex ? { status: ex.status, body: ex.response } : NO_MATCH;
}
