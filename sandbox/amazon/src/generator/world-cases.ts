/**
 * The cases real sellers see beyond the plain order, drawn from the order's second stream (`worldRng`) so that a
 * seller with none of them enabled gets exactly the orders it got before: which units shipped, partial
 * cancellations, buyer cancellation requests, and the packages of merchant orders (includedData PACKAGES).
 */
import type { FulfillmentStatus } from './order-factory.ts';
import type { LineSpec } from './order-lines.ts';
import type { Rng } from './prng.ts';

/** Units of one line: what shipped, what is still open, what the seller cancelled (ordered = the three summed). */
export interface LineUnits {
  shipped: number;
  open: number;
  cancelled: number;
}

/** Why a buyer asks to cancel (Amazon's buyer-facing choices). */
const BUYER_REASONS = ['Order placed by mistake', 'Item price too high', 'Shipping cost too high', 'Found cheaper elsewhere',
  'Need to change shipping address', 'Delivery time too long'];

/** Carriers by ship-to country, with a tracking number shape (prefix, digits). */
const CARRIERS: Record<string, Array<[carrier: string, service: string, prefix: string, digits: number]>> = {
  DE: [['DHL', 'DHL Paket', '00340434', 12], ['DPD', 'DPD Classic', '0', 13], ['Hermes', 'Hermes Paket', 'H', 19]],
  FR: [['Colissimo', 'Colissimo Suivi', '6A', 11], ['Chronopost', 'Chrono 13', 'XW', 9]],
  IT: [['BRT', 'BRT Espresso', '0', 16], ['Poste Italiane', 'Crono', 'PE', 11]],
  GB: [['Royal Mail', 'Royal Mail Tracked 48', 'RR', 9], ['DPD', 'DPD Next Day', '155', 11]],
  PL: [['InPost', 'Paczkomaty', '6', 23], ['DPD', 'DPD Classic', '0', 13]],
  SE: [['PostNord', 'MyPack Home', '00', 16], ['DHL', 'DHL Service Point', 'JVGL', 14]],
  US: [['UPS', 'UPS Ground', '1Z', 16], ['USPS', 'USPS Priority Mail', '94', 20]],
  CA: [['Canada Post', 'Expedited Parcel', '', 16], ['Purolator', 'Purolator Ground', '', 12]],
};
const FALLBACK_CARRIER: [string, string, string, number] = ['DHL', 'DHL Express', 'JD', 18];

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/**
 * What shipped and what is open per line for a status; `cancelLine` (index) has `cancelledUnits` more units
 * ordered that the seller cancelled (the line's built quantity and proceeds are what remains).
 */
export function lineUnits(lines: LineSpec[], status: FulfillmentStatus, cancelLine: number | undefined,
  cancelledUnits: number): LineUnits[] {
  return lines.map((l, i) => {
    const cancelled = i === cancelLine ? cancelledUnits : 0;
    if (status === 'CANCELLED') return { shipped: 0, open: 0, cancelled: 0 };
    if (status === 'SHIPPED') return { shipped: l.quantity, open: 0, cancelled };
    if (status === 'PARTIALLY_SHIPPED') {
      // Several lines: the first went out whole; one line (of 2+ units, see minUnits): all but one unit went out.
      const shipped = lines.length > 1 ? (i === 0 ? l.quantity : 0) : l.quantity - 1;
      return { shipped, open: l.quantity - shipped, cancelled };
    }
    return { shipped: 0, open: l.quantity, cancelled };
  });
}

/** A partial cancellation: the seller (out of stock), sometimes at the buyer's request. */
export function partialCancellation(rng: Rng): Record<string, unknown> {
  return rng.chance(0.3)
    ? { cancellationRequest: { requester: 'BUYER', cancelReason: rng.pick(BUYER_REASONS) },
      cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'BuyerCanceled' } }
    : { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'NoInventory' } };
}

/** A buyer's request to cancel, not executed yet (the seller decides; the order stays UNSHIPPED meanwhile). */
export function buyerCancelRequest(rng: Rng): Record<string, unknown> {
  return { cancellationRequest: { requester: 'BUYER', cancelReason: rng.pick(BUYER_REASONS) } };
}

/** The packages of a merchant order that shipped units: one parcel with every shipped unit, tracked. */
export function packagesOf(rng: Rng, lines: LineSpec[], units: LineUnits[], shipTo: string, createdMs: number,
  shippedMs: number): Record<string, unknown>[] {
  const packageItems = lines.flatMap((l, i) => (units[i]!.shipped > 0 ? [{ orderItemId: l.orderItemId, quantity: units[i]!.shipped }] : []));
  if (packageItems.length === 0) return [];
  const [carrier, shippingService, prefix, n] = rng.pick(CARRIERS[shipTo] ?? [FALLBACK_CARRIER]);
  return [{
    packageReferenceId: String(rng.int(1, 9)) + digits(rng, 9),
    // The label is bought a little before hand-over, never before the order existed.
    createdTime: iso(Math.max(createdMs, shippedMs - rng.int(600_000, 3_600_000))),
    packageStatus: rng.chance(0.5) ? { status: 'SHIPPED', detailedStatus: 'PICKED_UP' }
      : { status: 'IN_TRANSIT', detailedStatus: 'AT_ORIGIN_FC' },
    carrier,
    shipTime: iso(shippedMs),
    shippingService,
    trackingNumber: prefix + digits(rng, n),
    packageItems,
  }];
}
