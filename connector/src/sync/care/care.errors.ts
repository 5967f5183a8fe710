/**
 * The codes only the care flow gives (on a `care_activity` row that waits, shown by the list route). Neither is a
 * conflict: the next sweep tries again by itself once the order is imported or the setting fixed.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const careErrorCodes = defineErrorCodes({
  CARE_ORDER_NOT_IMPORTED: { status: 422, description: 'the order of a care event is not in the ERP (not imported yet): its activity waits; the next sweep tries again' },
  CARE_ASSIGNEE_UNKNOWN: { status: 422, description: "the care setting's assignee (login or id) is no active ERP user: the activity waits until the setting names one" },
  CARE_ACTIVITY_REFUSED: { status: 422, description: 'the ERP refused to create the activity (the sales order deleted, access rules...): the row waits; the next sweep looks it up and tries again' },
  CARE_ACTIVITY_TYPE_UNKNOWN: { status: 422, description: "the care setting's activity type (xml id) is not in the ERP: the activities wait until it names one" },
});

export type CareErrorCode = keyof typeof careErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<CareErrorCode, true> {}
}

export const careErrorList = Object.entries(careErrorCodes).map(([code, e]) => ({ code, ...e }));
