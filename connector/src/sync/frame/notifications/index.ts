/**
 * Amazon notifications as flows use them: a flow declares `amazonNotifications: [{ type, task }]`; its task gets
 * `NotificationPayload` (`{ backendId, notificationId }`) and reads the stored notification with `notificationOf`.
 */
import { Type, type Static } from 'typebox';

export { notificationOf, type StoredNotification } from './notification-store.ts';
export { notificationsFlow } from './notifications.flow.ts';
export { setUpNotifications } from './subscribe.ts';

export const NotificationPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), notificationId: Type.String({ minLength: 1, maxLength: 200 }) });
export type NotificationPayload = Static<typeof NotificationPayload>;
