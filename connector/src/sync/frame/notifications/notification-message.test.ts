import { describe, expect, it } from 'vitest';
import { readNotification } from './notification-message.ts';

const orderChange = (over: Record<string, unknown> = {}) => ({
  NotificationVersion: '1.0',
  NotificationType: 'ORDER_CHANGE',
  PayloadVersion: '1.0',
  EventTime: '2026-12-01T10:00:05.000Z',
  Payload: {
    OrderChangeNotification: {
      NotificationLevel: 'OrderLevel',
      SellerId: 'A3TH9S8BH6GOGM',
      AmazonOrderId: '903-8868176-2219830',
      OrderChangeType: 'OrderStatusChange',
      OrderChangeTrigger: { TimeOfOrderChange: '2026-12-01T10:00:00.000Z', ChangeReason: 'Order status changed' },
      Summary: { MarketplaceId: 'A1PA6795UKMFR9', OrderStatus: 'Unshipped', DestinationPostalCode: '10115', OrderItems: [] },
    },
  },
  NotificationMetadata: { ApplicationId: 'app-id-1', SubscriptionId: 'sub-1', PublishTime: '2026-12-01T10:00:06.000Z', NotificationId: 'n-1' },
  ...over,
});

describe('readNotification', () => {
  it('reads the seller of a TRANSACTION_UPDATE from its SellingPartnerMetadata', () => {
    const r = readNotification(JSON.stringify(orderChange({
      NotificationType: 'TRANSACTION_UPDATE',
      Payload: { TransactionUpdateNotification: { SellingPartnerMetadata: { SellingPartnerId: 'A3TH9S8BH6GOGM', MarketplaceId: 'A1PA6795UKMFR9', AccountType: 'PAYABLE' },
        RelatedIdentifiers: [], TransactionType: 'Refund', PostedDate: '2026-12-01T10:00:00.000Z', TotalAmount: { CurrencyAmount: -10, CurrencyCode: 'EUR' } } },
    })));
    expect(r.ok && r.notification).toMatchObject({ type: 'TRANSACTION_UPDATE', sellerId: 'A3TH9S8BH6GOGM', subject: null });
  });

  it('reads an ORDER_CHANGE: id, seller, the order and the time of the change, without the postal code', () => {
    const r = readNotification(JSON.stringify(orderChange()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.notification).toMatchObject({ notificationId: 'n-1', type: 'ORDER_CHANGE', sellerId: 'A3TH9S8BH6GOGM', subject: '903-8868176-2219830' });
    expect(r.notification.eventTime.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(JSON.stringify(r.notification.payload)).not.toContain('10115');
  });

  it('reads the generic envelope of another type (seller id at the payload level) with EventTime', () => {
    const body = { NotificationType: 'FBA_INVENTORY_AVAILABILITY_CHANGES', EventTime: '2026-12-01T09:00:00Z', Payload: { SellerId: 'A2SELLER01', FNSKU: 'X1', Fulfillment: {} }, NotificationMetadata: { NotificationId: 'n-2' } };
    const r = readNotification(JSON.stringify(body));
    expect(r).toMatchObject({ ok: true, notification: { sellerId: 'A2SELLER01', subject: null, type: 'FBA_INVENTORY_AVAILABILITY_CHANGES' } });
  });

  it('reads the camelCase envelope of payload version 2020-09-04 (REPORT_PROCESSING_FINISHED)', () => {
    const body = {
      notificationVersion: '2020-09-04', notificationType: 'REPORT_PROCESSING_FINISHED', payloadVersion: '2020-09-04', eventTime: '2026-12-01T08:00:00.000Z',
      payload: { reportProcessingFinishedNotification: { sellerId: 'A2SELLER01', accountId: 'amzn1.merchant.o.A2SELLER01', reportId: '51', reportType: 'GET_FBA_REIMBURSEMENTS_DATA', processingStatus: 'DONE' } },
      notificationMetadata: { applicationId: 'app', subscriptionId: 's', publishTime: '2026-12-01T08:00:01.000Z', notificationId: 'n-3' },
    };
    const r = readNotification(JSON.stringify(body));
    expect(r).toMatchObject({ ok: true, notification: { notificationId: 'n-3', type: 'REPORT_PROCESSING_FINISHED', sellerId: 'A2SELLER01', payload: { reportProcessingFinishedNotification: { reportId: '51' } } } });
    if (r.ok) expect(r.notification.eventTime.toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it.each([
    ['not json {', 'NOT_JSON'],
    [JSON.stringify({ hello: 1 }), 'NOT_A_NOTIFICATION'],
    [JSON.stringify(orderChange({ NotificationMetadata: {} })), 'NO_NOTIFICATION_ID'],
    [JSON.stringify(orderChange({ Payload: { OrderChangeNotification: { AmazonOrderId: 'x' } } })), 'NO_SELLER_ID'],
    [JSON.stringify(orderChange({ EventTime: 'yesterday', Payload: { OrderChangeNotification: { SellerId: 'S' } } })), 'BAD_EVENT_TIME'],
  ])('gives a reason for what it cannot read (%#)', (body, reason) => {
    expect(readNotification(body)).toEqual({ ok: false, reason });
  });
});
