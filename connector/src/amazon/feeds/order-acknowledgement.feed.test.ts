import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { XMLParser } from 'fast-xml-parser';
import { orderAcknowledgementFeed, OrderAcknowledgementBody } from './order-acknowledgement.feed.ts';
import { outcomeOf } from './codec.ts';

describe('POST_ORDER_ACKNOWLEDGEMENT_DATA', () => {
  it('encodes whole and partial cancellations as an OrderAcknowledgement envelope, every value escaped', () => {
    const { bytes, contentType } = orderAcknowledgementFeed.encode(
      [
        { ref: 1, body: { amazonOrderId: '111-0000001-0000001', merchantOrderId: 'S0001 <&"x">', items: [{ orderItemId: 'A1', cancelReason: 'NoInventory' }] } },
        { ref: 2, body: { amazonOrderId: '111-0000002-0000002', items: [{ orderItemId: 'B1', cancelReason: 'BuyerCanceled', quantity: 2 }, { orderItemId: 'B2', cancelReason: 'NoInventory', quantity: 1 }] } },
      ],
      { sellerId: 'A1SELLER' },
    );
    expect(contentType).toMatch(/^text\/xml/);
    const xml = bytes.toString('utf8');
    expect(xml).toContain('S0001 &lt;&amp;&quot;x&quot;&gt;');
    const doc = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'Message' || n === 'Item' }).parse(xml);
    const env = doc.AmazonEnvelope;
    expect(env.Header).toEqual({ DocumentVersion: '1.01', MerchantIdentifier: 'A1SELLER' });
    expect(env.MessageType).toBe('OrderAcknowledgement');
    expect(env.Message).toEqual([
      { MessageID: '1', OrderAcknowledgement: { AmazonOrderID: '111-0000001-0000001', MerchantOrderID: 'S0001 <&"x">', StatusCode: 'Failure', Item: [{ AmazonOrderItemCode: 'A1', CancelReason: 'NoInventory' }] } },
      {
        MessageID: '2',
        OrderAcknowledgement: {
          AmazonOrderID: '111-0000002-0000002',
          StatusCode: 'Failure',
          Item: [{ AmazonOrderItemCode: 'B1', CancelReason: 'BuyerCanceled', Quantity: '2' }, { AmazonOrderItemCode: 'B2', CancelReason: 'NoInventory', Quantity: '1' }],
        },
      },
    ]);
  });

  it('refuses a body with an unknown reason, no items or an unknown field', () => {
    const check = Compile(OrderAcknowledgementBody);
    expect(check.Check({ amazonOrderId: '111-0000001-0000001', items: [{ orderItemId: 'A', cancelReason: 'NoInventory' }] })).toBe(true);
    expect(check.Check({ amazonOrderId: '111-0000001-0000001', items: [{ orderItemId: 'A', cancelReason: 'Because' }] })).toBe(false);
    expect(check.Check({ amazonOrderId: '111-0000001-0000001', items: [] })).toBe(false);
    expect(check.Check({ amazonOrderId: '111-0000001-0000001', items: [{ orderItemId: 'A', cancelReason: 'NoInventory' }], note: 'x' })).toBe(false);
  });

  it('reads its processing report per message: an Error rejects, a Warning accepts, no Result succeeded', () => {
    const report = orderAcknowledgementFeed.parseReport(`<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1SELLER</MerchantIdentifier></Header>
  <MessageType>ProcessingReport</MessageType>
  <Message><MessageID>1</MessageID><ProcessingReport>
    <DocumentTransactionID>50001</DocumentTransactionID><StatusCode>Complete</StatusCode>
    <ProcessingSummary><MessagesProcessed>3</MessagesProcessed><MessagesSuccessful>2</MessagesSuccessful><MessagesWithError>1</MessagesWithError><MessagesWithWarning>1</MessagesWithWarning></ProcessingSummary>
    <Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode><ResultDescription>The order &amp; item were already shipped</ResultDescription><AdditionalInfo><AmazonOrderID>111-0000002-0000002</AmazonOrderID></AdditionalInfo></Result>
    <Result><MessageID>3</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>5001</ResultMessageCode><ResultDescription>Late</ResultDescription></Result>
  </ProcessingReport></Message>
</AmazonEnvelope>`);
    expect(report.summary).toEqual({ processed: 3, successful: 2, errors: 1, warnings: 1 });
    expect(outcomeOf(report, 1)).toEqual({ outcome: 'accepted', code: null, message: null });
    expect(outcomeOf(report, 2)).toEqual({ outcome: 'rejected', code: '18028', message: 'The order & item were already shipped' });
    expect(outcomeOf(report, 3)).toEqual({ outcome: 'accepted', code: '5001', message: 'Late' });
  });

  it('rejects every message when the report names the document itself (MessageID 0), and refuses a non-report', () => {
    const report = orderAcknowledgementFeed.parseReport(
      '<AmazonEnvelope><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>0</MessagesProcessed></ProcessingSummary><Result><MessageID>0</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>5000</ResultMessageCode><ResultDescription>XML Parsing Fatal Error</ResultDescription></Result></ProcessingReport></Message></AmazonEnvelope>',
    );
    expect(outcomeOf(report, 1)).toEqual({ outcome: 'rejected', code: '5000', message: 'XML Parsing Fatal Error' });
    expect(() => orderAcknowledgementFeed.parseReport('<html>nope</html>')).toThrow(/FEED_REPORT_UNREADABLE|ProcessingReport/);
  });
});
