/**
 * The one list of flows: the worker, the crontab, the set-up, the conflict re-run, the settings model (and, through
 * app/, the API, the metrics and the CLI) are assembled from it. Adding a flow = its folder + one line here.
 */
import { fbaFlow } from './fba/index.ts';
import { housekeepingFlow } from './housekeeping/index.ts';
import { ordersFlow } from './orders/index.ts';
import { invoicesFlow } from './invoices/index.ts';
import { shipmentsFlow } from './shipments/index.ts';
import { cancellationsFlow } from './cancellations/index.ts';
import { merchantStockFlow } from './merchant-stock/index.ts';
import { fbaStockFlow } from './fba-stock/index.ts';
import { changeFeedFlow } from './frame/change-feed/index.ts';
import { feedsFlow } from './frame/feeds/index.ts';
import { notificationsFlow } from './frame/notifications/index.ts';
import { reportsFlow } from './frame/reports/index.ts';
import { reorderFlow } from './reorder/index.ts';
import { refundsFlow } from './refunds/index.ts';
import { refundAdjustmentsFlow } from './refund-adjustments/index.ts';
import { fbaReturnsFlow } from './fba-returns/index.ts';
import { returnsFlow } from './returns/index.ts';
import { careFlow } from './care/index.ts';
import { labelsFlow } from './labels/index.ts';
import { reviewRequestsFlow } from './review-requests/index.ts';
import { buyerMessagesFlow } from './buyer-messages/index.ts';
import { accountHealthFlow } from './account-health/index.ts';
import { settlementsFlow } from './settlements/index.ts';

// The ERP change feed works on the flows' erpSubscriptions (lazily: it is in the list itself). Keep it last.
const changeFeed = changeFeedFlow(() => flows);
// The Amazon Feeds core carries the flows' feed messages (their `feeds` declarations, read lazily the same way).
const feeds = feedsFlow(() => flows);
// The Amazon notifications reader routes to the flows' amazonNotifications (lazily, like the change feed).
const notifications = notificationsFlow(() => flows);
// The Amazon Reports core reads the windows the flows asked for and hands the rows to their `reports` handlers.
const reports = reportsFlow(() => flows);

export const flows = [ordersFlow, fbaFlow, housekeepingFlow, invoicesFlow, shipmentsFlow, cancellationsFlow, refundsFlow, refundAdjustmentsFlow, fbaReturnsFlow, returnsFlow, careFlow, labelsFlow, reviewRequestsFlow, buyerMessagesFlow, accountHealthFlow, settlementsFlow, reorderFlow, merchantStockFlow, fbaStockFlow, changeFeed, feeds, notifications, reports] as const;
