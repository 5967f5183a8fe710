/** The `fba` namespace: the pool of each marketplace (when not Amazon's default) and the delivery pass's pace. */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const fbaSettings = defineSettingsNamespace({
  name: 'fba',
  description: 'Amazon-fulfilled (FBA) orders and inventory pools',
  properties: {
    /**
     * Marketplace id -> pool (two capital letters), for a seller whose stock is not pooled as by default: e.g. a
     * seller outside Pan-EU keeps German stock apart with `{"A1PA6795UKMFR9": "DE"}`.
     */
    pools: Type.Record(Type.String({ pattern: '^[A-Z0-9]{8,20}$' }), Type.String({ pattern: '^[A-Z]{2}$' }), {
      default: {},
      description: 'marketplace id -> FBA pool (two capital letters) where not Amazon default (Pan-EU = EU, UK, US, CA, MX, others by country)',
    }),
    /** Seconds between two passes that validate the deliveries of imported FBA orders (the pass also follows each import). */
    deliveryIntervalSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 60, description: 'seconds between two delivery passes (1-3600)' }),
  },
});
