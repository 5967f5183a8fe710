/** The codes only the merchant-stock flow raises, registered with core's FlowErrorCodes. */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });

export const merchantStockErrorCodes = defineErrorCodes({
  MERCHANT_STOCK_REFUSED: unprocessable("Amazon refused a SKU's merchant quantity (the feed report's or the patch's issue says why)"),
  MERCHANT_STOCK_WAREHOUSE_UNKNOWN: unprocessable('a warehouse in merchantStock.warehouses is not in the ERP (by id or code)'),
  MERCHANT_STOCK_LISTING_MISSING: unprocessable('Amazon has no listing for the SKU: its quantity cannot be sent'),
  MERCHANT_STOCK_NOTIFICATION_MALFORMED: unprocessable("a LISTINGS_ITEM_MFN_QUANTITY_CHANGE notification is not in Amazon's shape (SellerId, FulfillmentChannelCode, Sku, integer Quantity)"),
});

export type MerchantStockErrorCode = keyof typeof merchantStockErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<MerchantStockErrorCode, true> {}
}

export const merchantStockErrorList = Object.entries(merchantStockErrorCodes).map(([code, e]) => ({ code, ...e }));
