/**
 * The `labels` namespace. Whether the flow runs at all is its go-live switch (`goLive.labels.enabled`, off by
 * default: it spends the seller's money on labels).
 */
import { Type, type Static } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

const Preferred = Type.Object({
  marketplaceId: Type.Optional(Type.String({ minLength: 1, description: 'only orders of this marketplace (any when absent)' })),
  serviceLevel: Type.Optional(Type.String({ minLength: 1, description: "only orders of this Amazon service level (fulfillmentServiceLevel: Standard, Expedited, NextDay...; any when absent)" })),
  carrierId: Type.String({ minLength: 1 }),
  serviceId: Type.String({ minLength: 1 }),
}, { additionalProperties: false });
export type PreferredService = Static<typeof Preferred>;

const ShipFrom = Type.Object({
  name: Type.String({ minLength: 1 }),
  addressLine1: Type.String({ minLength: 1 }),
  addressLine2: Type.Optional(Type.String()),
  city: Type.String({ minLength: 1 }),
  stateOrRegion: Type.String({ minLength: 1 }),
  postalCode: Type.String({ minLength: 1 }),
  countryCode: Type.String({ minLength: 2, maxLength: 2 }),
  phoneNumber: Type.Optional(Type.String()),
  /** Merchant Fulfillment v0 requires an email and a phone number of the sender. */
  email: Type.Optional(Type.String({ minLength: 3 })),
}, { additionalProperties: false });
export type ShipFrom = Static<typeof ShipFrom>;

export const labelsSettings = defineSettingsNamespace({
  name: 'labels',
  description: 'Buy Shipping labels for the deliveries of merchant-fulfilled Amazon orders',
  properties: {
    /** The warehouse the packages leave from (Amazon needs it for the rates). */
    shipFrom: Type.Union([ShipFrom, Type.Null()], { default: null, description: 'the ship-from address of the packages (required before any label is bought)' }),
    /** `cheapest`: the cheapest rate whose pickup is before the ship-by and delivery before the deliver-by; `preferred`: the first matching preferred service, else cheapest. */
    rule: Type.Union([Type.Literal('cheapest'), Type.Literal('preferred')], { default: 'cheapest', description: 'cheapest rate within the windows, or the preferred service per marketplace and service level' }),
    preferred: Type.Array(Preferred, { default: [], maxItems: 50, description: 'carrier and service per marketplace and service level (rule `preferred`); the first matching row wins' }),
    /** Buy as soon as the change feed shows a ready delivery (otherwise only through the batch route). */
    autoBuy: Type.Boolean({ default: false, description: 'buy the label when a delivery becomes ready (else only through POST /labels)' }),
    /** Also fetch the ZPL of each label for thermal printers (a second attachment). */
    zpl: Type.Boolean({ default: false, description: 'also attach the label in ZPL (thermal printers)' }),
    /** Shipping v2 serves most marketplaces; Amazon publishes no table of those it does not: the seller names them. */
    merchantFulfillmentMarketplaces: Type.Array(Type.String({ minLength: 1 }), { default: [], maxItems: 30,
      description: 'marketplaces whose labels are bought through Merchant Fulfillment v0 (Shipping v2 does not serve them); the others use Shipping v2' }),
    mfnReadBackAfterSeconds: Type.Integer({ minimum: 0, maximum: 3_600, default: 60,
      description: 'Merchant Fulfillment: after a purchase with an unknown outcome, how long to wait before reading the order back (Amazon records the label on the order)' }),
    defaultWeightGrams: Type.Integer({ minimum: 1, maximum: 70_000, default: 500, description: 'weight of a product without one in the ERP (grams)' }),
    packagingGrams: Type.Integer({ minimum: 0, maximum: 10_000, default: 100, description: 'weight of the box and filling added to every package (grams)' }),
    /** The weight rule for deliveries the warehouse did not pack in the ERP: no package heavier than this (packaging included). */
    maxPackageGrams: Type.Union([Type.Integer({ minimum: 200, maximum: 70_000 }), Type.Null()], { default: null,
      description: 'split a delivery the ERP has no packages for into packages of at most this weight (grams, packaging included); null: one package' }),
    defaultDimensionsCm: Type.Object({
      length: Type.Integer({ minimum: 1, maximum: 300 }), width: Type.Integer({ minimum: 1, maximum: 300 }), height: Type.Integer({ minimum: 1, maximum: 300 }),
    }, { additionalProperties: false, default: { length: 30, width: 20, height: 10 }, description: 'box used when the products carry no volume (cm)' }),
  },
});
export type LabelsSettings = ReturnType<typeof labelsSettings.of>;
