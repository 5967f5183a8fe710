/** Every entity of the connector's schema, in one list for the ORM and the migrator. */
import { SweepCursor } from './sweep-cursor.entity.ts';
import { FetchedDocument } from './fetched-document.entity.ts';
import { RecordState } from './record-state.entity.ts';
import { AuditLog } from './audit-log.entity.ts';
import { Backend, Secret } from './backend.entity.ts';
import { Binding } from './binding.entity.ts';
import { LookupEntry, LookupTable, MappingRule } from './mapping.entity.ts';
import { RateBucket } from './rate-bucket.entity.ts';
import { BackendAuthRefusal, FlowHealth, SyncConflict, SyncRun, SyncStep } from './sync.entity.ts';
import { WorkerHeartbeat } from './worker-heartbeat.entity.ts';
import { InvoiceRequest } from './invoice-request.entity.ts';
import { ErpChangeCursor, ErpOwnWrite, ErpWebhookState } from './erp-change-feed.entity.ts';
import { Feed, FeedMessage } from './feed.entity.ts';
import { AmazonNotification, AmazonNotificationChannel, AmazonNotificationSubscription } from './amazon-notification.entity.ts';
import { OrderCancellation } from './order-cancellation.entity.ts';
import { PanelLoginFailure, PanelTokenUse, PanelUser } from './panel-user.entity.ts';
import { AmazonSku } from './amazon-sku.entity.ts';
import { AmazonAuthorizationState } from './amazon-authorization-state.entity.ts';
import { ReorderWeeklySales } from './reorder-weekly-sales.entity.ts';
import { ReorderStockDay, ReorderStockSample } from './reorder-stock-day.entity.ts';
import { MerchantStockOffer } from './merchant-stock-offer.entity.ts';
import { MerchantStockListing } from './merchant-stock-listing.entity.ts';
import { MerchantStockMovePoll } from './merchant-stock-move-poll.entity.ts';
import { FbaStock, FbaStockDrift, FbaStockSnapshot } from './fba-stock.entity.ts';
import { ReportRequest } from './report-request.entity.ts';
import { FbaReimbursement, FbaReturnRow } from './fba-return.entity.ts';
import { LabelBatch, ShippingLabel } from './shipping-label.entity.ts';
import { AccountHealthAlert, AccountHealthRate } from './account-health.entity.ts';
import { Settlement, SettlementLine } from './settlement.entity.ts';
import { SettlementPayout } from './settlement-payout.entity.ts';
import { VarianceAcceptance } from './variance-acceptance.entity.ts';
import { SettlementPosting } from './settlement-posting.entity.ts';
import { MerchantReturn } from './merchant-return.entity.ts';
import { CareActivity } from './care-activity.entity.ts';
import { ReviewRequest } from './review-request.entity.ts';
import { BuyerMessage } from './buyer-message.entity.ts';

export { FetchedDocument, RecordState, SweepCursor, Backend, Secret, Binding, LookupEntry, LookupTable, MappingRule, RateBucket };
export { BackendAuthRefusal, FlowHealth, SyncConflict, SyncRun, SyncStep, WorkerHeartbeat, AuditLog };
export { InvoiceRequest, ErpChangeCursor, ErpOwnWrite, ErpWebhookState, Feed, FeedMessage };
export { AmazonNotification, AmazonNotificationChannel, AmazonNotificationSubscription, OrderCancellation, AmazonSku };
export { PanelUser, PanelTokenUse, PanelLoginFailure, AmazonAuthorizationState };
export { ReorderWeeklySales, ReorderStockSample, ReorderStockDay };
export { MerchantStockOffer };
export { MerchantStockListing };
export { MerchantStockMovePoll };
export { FbaStock, FbaStockSnapshot, FbaStockDrift };
export { ReportRequest };
export { FbaReturnRow, FbaReimbursement };
export { ShippingLabel, LabelBatch };
export { AccountHealthRate, AccountHealthAlert };
export { MerchantReturn };
export { CareActivity };
export { DOCUMENT_KINDS } from './binding.entity.ts';

export const entities = [
  WorkerHeartbeat,
  Backend,
  Secret,
  Binding,
  SyncConflict,
  SyncRun,
  SyncStep,
  FlowHealth,
  BackendAuthRefusal,
  RateBucket,
  MappingRule,
  LookupTable,
  LookupEntry,
  FetchedDocument,
  RecordState,
  SweepCursor,
  AuditLog,
  InvoiceRequest,
  ErpChangeCursor,
  ErpOwnWrite,
  ErpWebhookState,
  Feed,
  FeedMessage,
  AmazonNotificationChannel,
  AmazonNotificationSubscription,
  AmazonNotification,
  OrderCancellation,
  PanelUser,
  PanelTokenUse,
  PanelLoginFailure,
  AmazonSku,
  AmazonAuthorizationState,
  ReorderWeeklySales,
  ReorderStockSample,
  ReorderStockDay,
  MerchantStockOffer,
  MerchantStockListing,
  MerchantStockMovePoll,
  FbaStock,
  FbaStockSnapshot,
  FbaStockDrift,
  ReportRequest,
  FbaReturnRow,
  ShippingLabel,
  LabelBatch,
  FbaReimbursement,
  MerchantReturn,
  CareActivity,
  ReviewRequest,
  BuyerMessage,
  AccountHealthRate,
  AccountHealthAlert,
  Settlement,
  SettlementLine,
  SettlementPayout,
  VarianceAcceptance,
  SettlementPosting,
];
