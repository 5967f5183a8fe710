/**
 * The `reviewRequests` namespace. Whether the flow runs at all is its go-live switch (`goLive.review-requests.enabled`,
 * off by default: it writes to the seller's buyers).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const reviewRequestsSettings = defineSettingsNamespace({
  name: 'reviewRequests',
  description: "Amazon's \"request a review\" sent once per delivered order",
  properties: {
    /** Amazon allows the request from 5 days after delivery to 30 days after the latest delivery date. */
    delayDays: Type.Integer({ minimum: 5, maximum: 30, default: 5, description: 'days after delivery before the request is sent (5-30, Amazon\'s window)' }),
    /** Marketplaces whose orders never get a request (a seller's choice per country, e.g. where reviews are asked by hand). */
    optOutMarketplaces: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 50, default: [], description: 'marketplace ids whose orders get no review request' }),
    /** SKUs whose orders never get one (an order with any of them is left alone). */
    optOutSkus: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 5000, default: [], description: 'seller SKUs: an order holding any of them gets no review request' }),
    /** How often each backend is swept (daily: Amazon's window is counted in days). */
    sweepHours: Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'hours between two sweeps of a backend (1-168)' }),
    /** Orders asked about per sweep (two calls each at 1/s): the rest wait for the next sweep. */
    maxPerSweep: Type.Integer({ minimum: 1, maximum: 5000, default: 500, description: 'orders asked about per sweep (1-5000)' }),
  },
});
