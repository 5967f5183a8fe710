/**
 * REPORT_PROCESSING_FINISHED (`ReportProcessingFinishedNotification.json`, payload version 2020-09-04): unlike the
 * 1.0 notifications its envelope keys are camelCase. `reportDocumentId` only when a document was written (DONE,
 * and FATAL when a report says why).
 */
import { randomUUID } from 'node:crypto';
import type { StoredSubscription } from '../notifications/notification-store.ts';
import type { ReportRecord } from './report-store.ts';

export const REPORT_NOTIFICATION_VERSION = '2020-09-04';

export function reportFinishedNotification(r: ReportRecord, sub: StoredSubscription, publishedAtMs: number): Record<string, unknown> {
  return {
    notificationVersion: REPORT_NOTIFICATION_VERSION,
    notificationType: 'REPORT_PROCESSING_FINISHED',
    payloadVersion: REPORT_NOTIFICATION_VERSION,
    eventTime: new Date(r.processingEndMs ?? r.endMs).toISOString(),
    payload: { reportProcessingFinishedNotification: { sellerId: r.sellerId, accountId: `amzn1.merchant.o.${r.sellerId}`,
      reportId: r.reportId, reportType: r.reportType, processingStatus: r.status,
      ...(r.reportDocumentId ? { reportDocumentId: r.reportDocumentId } : {}) } },
    notificationMetadata: { applicationId: sub.clientId, subscriptionId: sub.subscriptionId,
      publishTime: new Date(publishedAtMs).toISOString(), notificationId: randomUUID() },
  };
}
