/**
 * The `reorder` namespace: the terms of the reorder advice per backend, overridable per SKU. `enabled` switches the
 * advice on (off by default; the flow has no per-backend task yet, hence no go-live switch of its own);
 * `pushOrderpoints` additionally sends it to the ERP as reordering rules.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace, type BackendSettings } from '../../core/backend/settings/index.ts';
import type { ForecastTerms } from './mapping/forecast.ts';

const leadTimeDays = (o: object = {}) => Type.Integer({ minimum: 0, maximum: 365, description: 'days from ordering to the goods being sellable (0-365)', ...o });
const targetCoverDays = (o: object = {}) => Type.Integer({ minimum: 1, maximum: 730, description: 'days of sales an order should cover once it arrives (1-730)', ...o });
const moq = (o: object = {}) => Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'minimum order quantity in units (0: none)', ...o });
const casePack = (o: object = {}) => Type.Integer({ minimum: 1, maximum: 100_000, description: 'units per case: orders are whole cases', ...o });

/** One SKU's own terms: any of the backend's, the rest as the backend says. */
const ProductTerms = Type.Object({
  leadTimeDays: Type.Optional(leadTimeDays()),
  targetCoverDays: Type.Optional(targetCoverDays()),
  moq: Type.Optional(moq()),
  casePack: Type.Optional(casePack()),
}, { additionalProperties: false });

export const reorderSettings = defineSettingsNamespace({
  name: 'reorder',
  description: 'Reorder advice: sales velocity, seasonality, days of cover and the quantity to order',
  properties: {
    enabled: Type.Boolean({ default: false, description: 'compute the reorder advice for this backend' }),
    leadTimeDays: leadTimeDays({ default: 14 }),
    targetCoverDays: targetCoverDays({ default: 30 }),
    moq: moq({ default: 0 }),
    casePack: casePack({ default: 1 }),
    /** Weeks after which a week's sales count half as much in the velocity. */
    halfLifeWeeks: Type.Number({ minimum: 0.5, maximum: 52, default: 4, description: 'weeks after which a week of sales weighs half as much (0.5-52)' }),
    /** Send the advice to the ERP as reordering rules (stock.warehouse.orderpoint min/max): off unless asked. */
    pushOrderpoints: Type.Boolean({ default: false, description: 'write the advice to the ERP as reordering rules (min/max per product and warehouse)' }),
    /**
     * ERP warehouses whose stock the advice counts (and where reordering rules go: the first one). Empty: every
     * warehouse but the backend's FBA pools' (Amazon's snapshot counts those), the rules in the first of them.
     */
    warehouses: Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 10 })]), {
      maxItems: 50, default: [], description: 'ERP warehouse ids or codes counted (empty: all but the FBA pools); rules go to the first',
    }),
    /** Seller SKU -> its own terms (a product bought in other cases, from a slower supplier...). */
    products: Type.Record(Type.String({ minLength: 1, maxLength: 40 }), ProductTerms, {
      default: {},
      description: 'seller SKU -> its own leadTimeDays / targetCoverDays / moq / casePack',
    }),
  },
});

/** The terms for one SKU: the backend's, with the SKU's overrides. */
export function termsFor(settings: BackendSettings, sku: string): ForecastTerms {
  const r = reorderSettings.of(settings);
  const own = r.products[sku] ?? {};
  return {
    leadTimeDays: own.leadTimeDays ?? r.leadTimeDays,
    targetCoverDays: own.targetCoverDays ?? r.targetCoverDays,
    moq: own.moq ?? r.moq,
    casePack: own.casePack ?? r.casePack,
    halfLifeWeeks: r.halfLifeWeeks,
  };
}
