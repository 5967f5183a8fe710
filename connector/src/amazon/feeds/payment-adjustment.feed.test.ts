import { describe, expect, it } from 'vitest';
import { paymentAdjustmentFeed } from './payment-adjustment.feed.ts';

describe('POST_PAYMENT_ADJUSTMENT_DATA codec', () => {
  it('writes one OrderAdjustment per message with the seller adjustment id, the reason and each amount with its currency', () => {
    const body = { amazonOrderId: '302-1234567-1234567', currency: 'EUR', items: [{ orderItemId: '111', merchantAdjustmentItemId: 'CN42-1', reason: 'CustomerReturn', quantity: 1, components: [{ type: 'Principal', amount: '10.08' }, { type: 'Tax', amount: '1.92' }] }] };
    const xml = paymentAdjustmentFeed.encode([{ ref: 1, body }], { sellerId: 'S1' }).bytes.toString('utf8');
    expect(xml).toContain('<MessageType>OrderAdjustment</MessageType>');
    expect(xml).toContain('<OrderAdjustment><AmazonOrderID>302-1234567-1234567</AmazonOrderID><ActionType>Refund</ActionType><AdjustedItem><AmazonOrderItemCode>111</AmazonOrderItemCode><MerchantAdjustmentItemID>CN42-1</MerchantAdjustmentItemID><AdjustmentReason>CustomerReturn</AdjustmentReason>');
    expect(xml).toContain('<Component><Type>Principal</Type><Amount currency="EUR">10.08</Amount></Component>');
    expect(xml).toContain('<Quantity>1</Quantity>');
  });
});
