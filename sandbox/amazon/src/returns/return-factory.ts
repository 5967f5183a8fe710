/**
 * Makes a return of an order line: the world's draws (return-draws.ts) and the admin API both come here, so a
 * return on demand looks like a generated one. Merchant returns are delivered back to the seller a few days after
 * the request and refunded then (unless `refund` says otherwise); FBA returns reach a fulfilment centre with a
 * disposition, and a unit Amazon damaged there is reimbursed.
 */
import { fnSkuOf } from '../fba/fba-stock.ts';
import type { Rng } from '../generator/prng.ts';
import type { StoredOrder } from '../store/order-store.ts';
import type { ShippedLine } from './order-lines.ts';
import type { Disposition, ReturnRecord, ReturnStore } from './return-store.ts';

const DAY = 86_400_000;
/** Fulfilment centres per marketplace country (Amazon's site codes). */
const CENTRES: Record<string, string[]> = { DE: ['LEJ1', 'MUC3', 'FRA7', 'DTM2'], FR: ['ORY1', 'LYS1', 'MRS1'], IT: ['MXP5', 'FCO1'],
  ES: ['MAD4', 'BCN1'], GB: ['LTN4', 'BHX4', 'EDI4'], PL: ['POZ1', 'WRO2'], SE: ['ARN1'], US: ['PHX6', 'ONT8', 'BFI4', 'MDW2'],
  CA: ['YYZ4', 'YVR3'], JP: ['NRT1', 'KIX2'] };
const CARRIERS: Record<string, string> = { DE: 'DHL', FR: 'Colissimo', IT: 'Poste Italiane', GB: 'Royal Mail', PL: 'InPost', SE: 'PostNord',
  US: 'UPS', CA: 'Canada Post', JP: 'Yamato Transport' };
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const code = (rng: Rng, n: number) => Array.from({ length: n }, () => ALNUM[rng.int(0, ALNUM.length - 1)]).join('');

export const STATUS_RETURNED = 'Unit returned to inventory';
export const STATUS_REIMBURSED = 'Reimbursed';

export interface ReturnSpec {
  quantity: number;
  reason: string;
  returnMs: number;
  /** FBA: the disposition as received; undefined = the unit never arrives (refunded, not returned). */
  disposition?: Disposition;
  /** Refund the buyer: full, a share (0..1) of the returned units' amount, or never. */
  refund: 'full' | number | 'never';
  comments?: string;
  source: 'world' | 'admin';
}

/** Builds and stores a return of `line` of `stored` (the caller checked the units). */
export function makeReturn(store: ReturnStore, stored: StoredOrder, line: ShippedLine, country: string, spec: ReturnSpec,
  rng: Rng): ReturnRecord {
  const fba = stored.fulfilledBy === 'AMAZON';
  const returnedAmount = Math.round((line.amountMinor * spec.quantity) / line.shipped);
  const deliveredMs = !fba && spec.refund !== 'never' ? spec.returnMs + rng.int(2, 8) * DAY + rng.int(0, 86_399) * 1000 : undefined;
  const refundMs = fba ? spec.returnMs : deliveredMs;
  const amount = spec.refund === 'full' ? returnedAmount : typeof spec.refund === 'number' ? Math.round(returnedAmount * spec.refund) : 0;
  const r: ReturnRecord = {
    returnId: store.nextId('RET'), sellerId: stored.sellerId, orderId: stored.orderId, orderItemId: line.orderItemId,
    marketplaceId: stored.marketplaceId ?? '', fulfilledBy: fba ? 'AMAZON' : 'MERCHANT', sku: line.sku, asin: line.asin,
    fnSku: fnSkuOf(line.sku), productName: line.title, quantity: spec.quantity, orderQuantity: line.ordered, reason: spec.reason,
    customerComments: spec.comments ?? '', orderMs: stored.createdMs, returnMs: spec.returnMs,
    ...(deliveredMs !== undefined ? { deliveredMs } : {}), currency: line.currency, orderAmountMinor: line.amountMinor,
    ...(spec.refund !== 'never' && refundMs !== undefined ? { refund: { amountMinor: amount, atMs: refundMs } } : {}),
    rmaId: `D${code(rng, 2)}${rng.int(1_000_000, 9_999_999)}RRMA`, trackingId: fba ? '' : `${rng.int(100_000_000, 999_999_999)}${rng.int(100, 999)}`,
    carrier: fba ? '' : (CARRIERS[country] ?? 'DHL'), prime: rng.chance(0.6),
    dispositions: fba && spec.disposition ? [{ disposition: spec.disposition, atMs: spec.returnMs, status: STATUS_RETURNED }] : [],
    fulfillmentCenterId: fba ? rng.pick(CENTRES[country] ?? ['LEJ1']) : '', licensePlateNumber: fba ? `LPN${code(rng, 10)}` : '',
    source: spec.source,
  };
  store.add(r);
  if (fba && spec.disposition === 'DAMAGED') reimburse(store, r, 'Damaged_Warehouse', spec.returnMs + rng.int(2, 10) * DAY, rng.chance(0.7));
  return r;
}

/** Amazon pays for a returned unit it lost or damaged: cash, or a replacement unit put into inventory. */
export function reimburse(store: ReturnStore, r: ReturnRecord, reason: string, approvalMs: number, cash: boolean): void {
  const perUnit = Math.round(r.orderAmountMinor / Math.max(1, r.orderQuantity));
  store.addReimbursement({ reimbursementId: String(2_100_000_001 + store.reimbursements.length),
    caseId: reason === 'CustomerReturn' ? '' : String(9_000_000_000 + store.reimbursements.length), sellerId: r.sellerId,
    marketplaceId: r.marketplaceId, orderId: r.orderId, reason, sku: r.sku, fnSku: r.fnSku, asin: r.asin, condition: 'NewItem',
    currency: r.currency, amountPerUnitMinor: perUnit, quantityCash: cash ? r.quantity : 0, quantityInventory: cash ? 0 : r.quantity,
    approvalMs, returnId: r.returnId });
  const last = r.dispositions[r.dispositions.length - 1];
  if (last) r.dispositions.push({ disposition: last.disposition, atMs: Math.max(approvalMs, last.atMs), status: STATUS_REIMBURSED });
}
