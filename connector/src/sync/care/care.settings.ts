/**
 * The `care` namespace: per reason, who the activity is assigned to (an ERP user's login, or its id as digits;
 * empty: the connector's own ERP user, Odoo's default) and how many hours after the event it is due; the activity
 * type (xml id); how far back the returns and refunds are looked at; the sweep's cadence. Whether the flow runs
 * at all is its go-live switch (`goLive.care.enabled`, off by default: it writes activities into the ERP).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';
import type { CareReason } from './care.payloads.ts';

const user = (what: string) => Type.String({ maxLength: 100, default: '', description: `ERP user (login, or id) assigned the activities of ${what}; empty: the connector's ERP user` });
const hours = (what: string, d: number) => Type.Integer({ minimum: 1, maximum: 720, default: d, description: `hours after the event the activity of ${what} is due (1-720)` });

export const careSettings = defineSettingsNamespace({
  name: 'care',
  description: 'Buyer events that need a person, as ERP activities on the sales order',
  properties: {
    sweepMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 10, description: 'minutes between two care sweeps of a backend (1-1440)' }),
    activityType: Type.String({ minLength: 3, maxLength: 200, pattern: '^[a-z0-9_]+\\.[A-Za-z0-9_]+$', default: 'mail.mail_activity_data_todo', description: 'xml id of the ERP activity type (default: To-Do)' }),
    sinceDays: Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'days back a return request or a chargeback / A-to-z claim still makes an activity (1-90)' }),
    cancelRequestUser: user("a buyer's cancel request"),
    cancelRequestDueHours: hours("a buyer's cancel request", 12),
    returnRequestUser: user('a return request'),
    returnRequestDueHours: hours('a return request', 48),
    claimUser: user('an A-to-z claim'),
    claimDueHours: hours('an A-to-z claim', 24),
    chargebackUser: user('a chargeback'),
    chargebackDueHours: hours('a chargeback', 72),
    shipLateUser: user('an order at risk of shipping late'),
    shipLateDueHours: hours('an order at risk of shipping late', 2),
  },
});

type CareSettings = ReturnType<typeof careSettings.of>;

/** The rule of one reason: its assignee setting and its due hours. */
export function careRule(s: CareSettings, reason: CareReason): { user: string; dueHours: number } {
  switch (reason) {
    case 'cancel_request': return { user: s.cancelRequestUser, dueHours: s.cancelRequestDueHours };
    case 'return_request': return { user: s.returnRequestUser, dueHours: s.returnRequestDueHours };
    case 'a_to_z_claim': return { user: s.claimUser, dueHours: s.claimDueHours };
    case 'chargeback': return { user: s.chargebackUser, dueHours: s.chargebackDueHours };
    case 'ship_late': return { user: s.shipLateUser, dueHours: s.shipLateDueHours };
  }
}
