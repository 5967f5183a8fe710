/** The Customer care screen's shapes (generated from the API) and what each reason and state means to a person. */
import type { components } from '@/api/openapi';

export type CareItem = components['schemas']['CareActivityItem'];
export type CareReason = CareItem['reason'];
export type CareState = CareItem['state'];

export const REASONS: Record<CareReason, string> = {
  cancel_request: 'Buyer asks to cancel',
  return_request: 'Return requested',
  a_to_z_claim: 'A-to-z claim',
  chargeback: 'Chargeback',
  ship_late: 'Ship-by date near',
};

/** Why a pending row has no ERP activity yet (sync/care/care.errors.ts). */
export const WAITING: Record<string, string> = {
  CARE_ORDER_NOT_IMPORTED: 'order not in the ERP yet',
  CARE_ASSIGNEE_UNKNOWN: 'assignee setting names no ERP user',
  CARE_ACTIVITY_TYPE_UNKNOWN: 'activity type setting not in the ERP',
  CARE_ACTIVITY_REFUSED: 'the ERP refused the activity',
};
