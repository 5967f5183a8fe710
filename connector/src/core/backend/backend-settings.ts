/**
 * Per-backend settings (the `backend.settings` jsonb), validated on every write. Unknown keys are kept so that
 * later flows can add settings without a migration; known keys are checked and defaulted.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { PermanentError } from '../errors.ts';

export const RateOverrideSchema = Type.Object(
  {
    /** Sustained requests per second. */
    rate: Type.Number({ exclusiveMinimum: 0 }),
    /** Bucket size; the documented burst when absent. */
    burst: Type.Optional(Type.Number({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RateOverride = Static<typeof RateOverrideSchema>;

export const BackendSettingsSchema = Type.Object(
  {
    /** One ERP customer per buyer e-mail (keyed hash, survives redaction) or a fresh one per order. */
    customerStrategy: Type.Union([Type.Literal('per_buyer_email'), Type.Literal('per_order')], {
      default: 'per_buyer_email',
    }),
    /** Records per workflow batch and per ERP write (vals_list, ids of an action); the sweep stores pages by it. */
    batchSize: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
    /** SP-API rate overrides per operation name (e.g. searchOrders): beat learnt and documented rates. */
    rateOverrides: Type.Record(Type.String({ minLength: 1 }), RateOverrideSchema, { default: {} }),
    /** Days after which buyer and recipient data of stored orders is redacted. */
    piiRetentionDays: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  },
  { additionalProperties: true },
);
export type BackendSettings = Static<typeof BackendSettingsSchema> & Record<string, unknown>;

const validator = Compile(BackendSettingsSchema);

/** Fills defaults and validates; throws PermanentError('BACKEND_INVALID') naming the bad setting. */
export function parseBackendSettings(input: unknown): BackendSettings {
  const value = Value.Default(BackendSettingsSchema, Value.Clone(input ?? {}));
  if (!validator.Check(value)) {
    const problems = validator.Errors(value).map((e) => `settings${e.instancePath.replace(/\//g, '.')}: ${e.message}`);
    throw new PermanentError('BACKEND_INVALID', `invalid backend settings: ${problems.join('; ')}`, { problems });
  }
  return value as BackendSettings;
}
