/**
 * The `quota` namespace: a backend's SP-API rate overrides, per operation. They are the backend's own (two
 * backends of one seller may pace differently) and are handed to the quota gate with every call; the shared
 * bucket rows never store them. Declared here because the operations are Amazon's (core knows none of them).
 */
import { Type, type Static } from 'typebox';
import { defineSettingsNamespace } from '../core/backend/settings/index.ts';
import { USAGE_PLANS } from './usage-plans.ts';

export const RateOverrideSchema = Type.Object(
  {
    /** Sustained requests per second (used as is, not paced down). */
    rate: Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'sustained requests per second' }),
    /** Bucket size; the documented burst when absent. */
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'bucket size (default: the documented burst)' })),
  },
  { additionalProperties: false },
);
export type RateOverride = Static<typeof RateOverrideSchema>;

// Keys are the operations of the documented usage plans: an unknown (or misspelt) operation is refused.
const OPERATION = Type.String({ pattern: `^(${Object.keys(USAGE_PLANS).join('|')})$` });

export const quotaSettings = defineSettingsNamespace({
  name: 'quota',
  description: 'SP-API pacing of this backend',
  properties: {
    /** Per SP-API operation: beats the rate Amazon announces and the documented plan. `null` removes one. */
    rateOverrides: Type.Record(OPERATION, RateOverrideSchema, {
      additionalProperties: false,
      default: {},
      description: 'per SP-API operation, beats the announced and the documented rate; null removes one',
    }),
  },
  formerKeys: { rateOverrides: 'rateOverrides' },
});
