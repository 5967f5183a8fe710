/**
 * Amazon notifications (sync/frame/notifications): the channel an integrator supplies per SP-API application (its
 * LWA client id: Amazon's destinations belong to the application), the subscriptions made per backend and type, and
 * every notification read from the queue, once (keyed by Amazon's NotificationId). Mirrors Migration20261205020000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const AmazonNotificationChannel = defineEntity({
  name: 'AmazonNotificationChannel',
  properties: {
    applicationId: p.text().primary(),
    queueUrl: p.text(),
    queueArn: p.text(),
    awsRegion: p.text(),
    /** Another SQS endpoint than the region's (a sandbox, a VPC endpoint). */
    sqsEndpoint: p.text().nullable(),
    /** Where the AWS credentials are read from (never the secret itself). */
    credentialsRef: p.text(),
    destinationId: p.text().nullable(),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedBy: p.text(),
  },
});

export const AmazonNotificationSubscription = defineEntity({
  name: 'AmazonNotificationSubscription',
  properties: {
    // The migration declares the reference inline, so PostgreSQL named it `..._fkey` with no update rule.
    backend: p
      .manyToOne(Backend)
      .mapToPk()
      .primary()
      .deleteRule('cascade')
      .updateRule('no action')
      .foreignKeyName('amazon_notification_subscription_backend_id_fkey'),
    notificationType: p.text().primary(),
    subscriptionId: p.text().nullable(),
    destinationId: p.text(),
    checkedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

export const AmazonNotification = defineEntity({
  name: 'AmazonNotification',
  properties: {
    notificationId: p.text().primary(),
    notificationType: p.text(),
    sellerId: p.text(),
    eventTime: p.datetime().columnType('timestamptz'),
    subject: p.text().nullable(),
    payload: p.json<unknown>().columnType('jsonb'),
    /** The backends (of that seller) the notification was handed to. */
    backendIds: p.array().columnType('int[]'),
    receivedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  indexes: [{ name: 'amazon_notification_received_index', properties: ['receivedAt'] }],
});
