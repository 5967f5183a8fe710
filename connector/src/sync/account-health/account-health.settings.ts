/**
 * The `accountHealth` namespace. Whether the flow runs at all is its go-live switch (`goLive.account-health.enabled`,
 * off by default: it spends the seller's createReport quota).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const accountHealthSettings = defineSettingsNamespace({
  name: 'accountHealth',
  description: "Amazon's seller performance report read as history, the connector's leading indicators, alerts near the thresholds",
  properties: {
    /** Amazon refreshes the report about daily; a demo on a fast sandbox reads it more often. */
    readEveryMinutes: Type.Integer({ minimum: 5, maximum: 10_080, default: 1440, description: 'minutes between two reads of the seller performance report (5-10080; Amazon refreshes it daily)' }),
    /**
     * How close to its threshold a rate may come before a warning, as a share of the allowed defects: 0.25 warns an
     * ODR from 0.75 % (threshold 1 %), a valid tracking rate from 96.25 % (5 % invalid allowed, 3.75 % reached).
     */
    warnMargin: Type.Number({ minimum: 0, maximum: 0.9, default: 0.25, description: 'warn when a rate has used this share of its distance to the threshold (0-0.9; 0.25: ODR warned from 0.75 %)' }),
    /** The ERP user (login) an alert's activity is assigned to; empty: alerts stay in the connector and /metrics. */
    activityUser: Type.String({ maxLength: 200, default: '', description: "the ERP user's login who gets an activity for each alert (empty: no activity)" }),
  },
});
