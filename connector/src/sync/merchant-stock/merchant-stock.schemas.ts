/** The shapes of the merchant-stock routes (named components of the OpenAPI document). */
import { Type } from 'typebox';
import { pageOf } from '../../api/components.ts';
import { IsoTime, Nullable } from '../../api/schemas.ts';

export const OfferStateSchema = Type.Union([Type.Literal('in_sync'), Type.Literal('pending'), Type.Literal('refused')], {
  description: 'in_sync: the last computed quantity was sent; pending: a newer one (or a re-check) waits for the push; refused: Amazon refused it (an open merchant_stock conflict, `code`)',
});

const Count = Nullable(Type.Number({ description: 'null for a row computed before the inputs were recorded' }));

export const MerchantStockOffer = Type.Object(
  {
    sku: Type.String(),
    productId: Type.Integer({ description: 'the ERP product (product.product)' }),
    state: OfferStateSchema,
    freeQty: Count,
    allocationPercent: Count,
    unreservedUnits: Nullable(Type.Number({ description: "units of open Amazon orders of the product the ERP has not reserved yet" })),
    held: Nullable(Type.Number({ description: 'units the buffer held back' })),
    buffer: Nullable(Type.Object({ fixed: Type.Number(), percent: Type.Number(), cap: Nullable(Type.Number()) })),
    quantity: Type.Integer({ description: 'the quantity computed for Amazon' }),
    computedAt: IsoTime,
    sentQty: Nullable(Type.Integer({ description: 'the quantity last sent' })),
    sentLane: Nullable(Type.Union([Type.Literal('patch'), Type.Literal('feed')])),
    sentAt: Nullable(IsoTime),
    amazonQty: Nullable(Type.Integer({ description: "the DEFAULT quantity Amazon showed when last read back (reconciliation); null: not read yet" })),
    amazonReadAt: Nullable(IsoTime),
    code: Nullable(Type.String({ description: "the refusal's conflict code (MERCHANT_STOCK_REFUSED, MERCHANT_STOCK_LISTING_MISSING)" })),
    message: Nullable(Type.String()),
  },
  { $id: 'MerchantStockOffer' },
);

export const MerchantStockOfferPage = pageOf(MerchantStockOffer, 'MerchantStockOfferPage');

export const merchantStockApiSchemas = [MerchantStockOffer, MerchantStockOfferPage];
