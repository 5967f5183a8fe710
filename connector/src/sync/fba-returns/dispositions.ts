/**
 * Amazon's detailed dispositions of a returned FBA unit, as the pool's locations hold them: SELLABLE goes back to
 * the pool's Stock; everything else (DAMAGED, CUSTOMER_DAMAGED, DEFECTIVE, CARRIER_DAMAGED, DISTRIBUTOR_DAMAGED,
 * EXPIRED and any Amazon adds later) to its Unsellable location, so a delivery never reserves it.
 */
export type LocationRole = 'stock' | 'unsellable';

export const locationRoleOf = (disposition: string): LocationRole => (disposition.trim().toUpperCase() === 'SELLABLE' ? 'stock' : 'unsellable');

/**
 * Dispositions where the damage happened on Amazon's side (its warehouse, its carrier, its distributor): Amazon owes
 * a reimbursement for those, so they are claim candidates when none came. A customer's damage or a defect is not.
 */
export const WAREHOUSE_DAMAGED = ['DAMAGED', 'CARRIER_DAMAGED', 'DISTRIBUTOR_DAMAGED'] as const;

/**
 * Amazon's window for a reimbursement claim of a returned unit: 60 days from the return (Seller Central's FBA
 * reimbursement policy since 2024 for customer returns and warehouse damage).
 */
export const CLAIM_WINDOW_DAYS = 60;

/** The key of one returned unit row: the order, the SKU and the unit's license plate (the return date without one). */
export function returnRowKey(orderId: string, sku: string, licensePlate: string, returnDate: string): string {
  return `${orderId}/${sku}/${licensePlate || returnDate}`;
}
