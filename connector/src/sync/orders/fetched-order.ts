/**
 * What the orders flow asks Amazon for: shared by the sweep and the resync tasks (neither reaches into the
 * other). How a parsed order is stored is `order-documents.ts`.
 */

/** The parts of an order the flows need; buyer and recipient are stored sealed. */
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'] as const;
