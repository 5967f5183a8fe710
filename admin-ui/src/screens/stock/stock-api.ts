/** The Stock screen's shapes (generated from the API) and the calls its three tabs share. */
import type { components } from '@/api/openapi';

export type Offer = components['schemas']['MerchantStockOffer'];
export type OfferState = Offer['state'];
export type FbaStockItem = components['schemas']['FbaStockItem'];
export type FbaDrift = components['schemas']['FbaStockDrift'];
export type ReorderAdvice = components['schemas']['ReorderAdvice'];

export const OFFER_STATES: Record<OfferState, { label: string; type: 'success' | 'warning' | 'error' }> = {
  in_sync: { label: 'In sync', type: 'success' },
  pending: { label: 'Pending', type: 'warning' },
  refused: { label: 'Refused', type: 'error' },
};

/** What the likely causes mean to the person deciding (sync/fba-stock/README.md). */
export const DRIFT_CAUSES: Record<string, string> = {
  ORDERS_NOT_YET_IMPORTED: 'FBA orders not yet imported',
  DAMAGED_IN_WAREHOUSE: 'damaged in an Amazon warehouse',
  IN_RESEARCH: 'units Amazon is researching',
  LOST_OR_DAMAGED: 'lost or damaged at Amazon',
  INBOUND_NOT_RECORDED: 'a shipment into FBA not booked in the ERP',
  RETURN_NOT_RECORDED: 'a customer return not booked in the ERP',
  REMOVAL_NOT_RECORDED: 'a removal not booked in the ERP',
  UNKNOWN: 'unknown',
};

/** "12.3" days, "—" when nothing sells (null cover). */
export const formatDays = (d: number | null | undefined): string => (d === null || d === undefined ? '—' : d >= 999 ? '999+' : d.toFixed(1));
export const formatRate = (n: number): string => (n === 0 ? '0' : n < 0.1 ? n.toFixed(3) : n.toFixed(2));
