/**
 * The `merchantStock` namespace: where the merchant-fulfilled quantity comes from (ERP warehouses per fulfillment
 * channel), what is held back (a buffer per backend, overridable per SKU), SKUs left alone, the share of a
 * warehouse this backend may offer when others sell from it too, and when a change goes out at once by patch.
 * Strict like every namespace: an unknown key is refused on write (SETTINGS_UNKNOWN_KEY), nested objects too.
 */
import { Type, type Static } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

/** An ERP warehouse by id, or by its short code (`WH`), resolved once per run. */
const WarehouseRef = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 10 })]);

/** What is held back of a SKU's available units (see mapping/offer-quantity.ts for the arithmetic). */
export const BufferRule = Type.Object(
  {
    fixed: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'units always held back' })),
    percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'percent of the available units held back (rounded up)' })),
    // Absent: no cap (a JSON merge patch cannot store null: it deletes the key). A SKU lifts a backend cap with a large one.
    cap: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the most units ever offered; absent: no cap' })),
  },
  { additionalProperties: false },
);
export type BufferRule = Static<typeof BufferRule>;

export const merchantStockSettings = defineSettingsNamespace({
  name: 'merchantStock',
  description: 'ERP -> Amazon merchant-fulfilled quantities',
  properties: {
    /**
     * ERP warehouses whose free quantity Amazon may sell, per fulfillment channel (Amazon's merchant channel is
     * `DEFAULT`; `fulfillment_availability` has no marketplace, so one list per backend and channel). Empty: every
     * internal location of the backend's company.
     */
    warehouses: Type.Object(
      { DEFAULT: Type.Array(WarehouseRef, { maxItems: 50, default: [] }) },
      { additionalProperties: false, default: { DEFAULT: [] }, description: 'ERP warehouse ids or codes per fulfillment channel (DEFAULT: merchant)' },
    ),
    buffer: Type.Object(
      {
        fixed: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
        percent: Type.Integer({ minimum: 0, maximum: 100, default: 0 }),
        cap: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
      },
      { additionalProperties: false, default: { fixed: 0, percent: 0 }, description: 'units held back: fixed + percent of the available; cap: the most ever offered' },
    ),
    /** Per SKU, the keys given replace the backend's buffer keys. */
    skuBuffers: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), BufferRule, { default: {}, description: 'SKU -> buffer keys replacing the backend ones' }),
    excludedSkus: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10_000, default: [], description: 'SKUs whose quantity the connector never sends' }),
    /** When two backends sell from one ERP warehouse, each offers its share of it, never both the whole. */
    allocationPercent: Type.Integer({ minimum: 0, maximum: 100, default: 100, description: "this backend's share (0-100 %) of the chosen warehouses' free quantity" }),
    /** A change set this small goes out at once by patchListingsItem; larger ones go by JSON_LISTINGS_FEED. */
    urgentMaxSkus: Type.Integer({ minimum: 0, maximum: 500, default: 20, description: 'change sets of at most this many SKUs are patched at once (0: only drops to zero)' }),
    /**
     * While the ERP's webhook is not live (no public URL, base_automation missing), done stock moves are polled this
     * often by the flow itself (urgent-poll/): without it an urgent zero waits for the change feed's poll (30 s).
     */
    urgentPollSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 3, description: 'seconds between two polls of the ERP for done stock moves while its webhook is not live (0: off; the change feed still polls)' }),
    /** Reconciliation with what Amazon shows (reconcile/README.md): how often, and how long a recent change settles first. */
    reconcile: Type.Object(
      {
        intervalMinutes: Type.Integer({ minimum: 0, maximum: 10_080, default: 60, description: "minutes between two reconciliations of every SKU with Amazon's listings (0: never by the crontab)" }),
        settleSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 300, description: 'a SKU sent to or changed on Amazon this recently is not judged yet (an order the sweep has not stored, a patch Amazon has not applied)' }),
      },
      { additionalProperties: false, default: { intervalMinutes: 60, settleSeconds: 300 }, description: "periodic reconciliation with Amazon's listings" },
    ),
  },
});

export type MerchantStockSettings = ReturnType<typeof merchantStockSettings.of>;
