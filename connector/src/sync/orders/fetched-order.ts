/**
 * What the orders flow asks Amazon for: shared by the sweep and the resync tasks (neither reaches into the
 * other). How a parsed order is stored is `order-documents.ts`.
 */

/**
 * The parts of an order the flows need; buyer and recipient are stored sealed. CANCELLATION says who asked for a
 * cancellation and who executed it (a buyer's request, units the seller cancelled), PACKAGES what a merchant order
 * shipped in which parcel: without them the import could not tell either.
 */
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX', 'CANCELLATION', 'PACKAGES'] as const;
