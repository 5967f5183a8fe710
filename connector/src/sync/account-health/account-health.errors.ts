/**
 * The codes only the account-health flow raises: an alert whose ERP activity cannot be made. The alert itself stays
 * (in the connector's list and /metrics); the activity state says why.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const accountHealthErrorCodes = defineErrorCodes({
  HEALTH_ACTIVITY_USER_UNKNOWN: { status: 422, description: 'accountHealth.activityUser names no active ERP user: the alert has no activity (set the login, the next alert gets one)' },
});

export type AccountHealthErrorCode = keyof typeof accountHealthErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<AccountHealthErrorCode, true> {}
}

export const accountHealthErrorList = Object.entries(accountHealthErrorCodes).map(([code, e]) => ({ code, ...e }));
