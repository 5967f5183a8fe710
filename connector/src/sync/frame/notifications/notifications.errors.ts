/** The notifications' codes: a channel refused at the API, and the set-up's problems (reported, never fatal). */
import { defineErrorCodes } from '../../../core/errors.ts';

export const notificationsErrorCodes = defineErrorCodes({
  NOTIFICATIONS_CHANNEL_INVALID: { status: 400, description: 'the SQS queue URL, ARN, region or AWS keys given for the notification channel are not usable as they are' },
  NOTIFICATIONS_APPLICATION_REQUIRED: { status: 400, description: 'several SP-API applications (LWA client ids) have backends: say which one the channel is for (applicationId)' },
  NOTIFICATIONS_DESTINATION_FAILED: { status: 422, description: "Amazon's destination for the application's queue could not be found or made (grantless token, ARN refused): no subscription was made; the sweep still imports" },
  NOTIFICATIONS_SUBSCRIPTION_FAILED: { status: 422, description: "a backend's subscription to a notification type could not be made: that type arrives by the sweep only until the next set-up" },
});

export type NotificationsErrorCode = keyof typeof notificationsErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<NotificationsErrorCode, true> {}
}

export const notificationsErrorList = Object.entries(notificationsErrorCodes).map(([code, e]) => ({ code, ...e }));
