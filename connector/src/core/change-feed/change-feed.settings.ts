/** The `changeFeed` namespace: how often the ERP change feed polls a backend's ERP. */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../backend/settings/namespace.ts';

export const changeFeedSettings = defineSettingsNamespace({
  name: 'changeFeed',
  description: 'The ERP change feed (write_date polling; webhooks when the connector has a public URL)',
  properties: {
    /** One poll = one search_read per subscribed model; webhooks (with a public URL) bring states sooner. */
    pollSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: 'seconds between two polls of the ERP for changes (1-3600)' }),
  },
});
