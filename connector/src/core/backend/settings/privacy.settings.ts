/**
 * The `privacy` namespace: how long buyer data fetched from Amazon is kept. It applies to every flow's stored
 * Amazon records (Amazon's Data Protection Policy binds the seller account, not a flow), hence core.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from './namespace.ts';

export const privacySettings = defineSettingsNamespace({
  name: 'privacy',
  description: 'Buyer data retention',
  properties: {
    /** Days after which buyer and recipient data of stored orders is redacted. */
    piiRetentionDays: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'days before buyer data of stored records is redacted' }),
  },
  formerKeys: { piiRetentionDays: 'piiRetentionDays' },
});
