/** The merchant-stock flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const MERCHANT_STOCK_FLOW = 'merchant-stock';

export const TaskNames = {
  recompute: 'recompute',
  push: 'push',
  movesDone: 'moves-done',
  feedResult: 'feed-result',
  resyncAll: 'resync-all',
  ordersSeen: 'orders-seen',
  ordersSeenAll: 'orders-seen-all',
  urgentPoll: 'urgent-poll',
  urgentPollAll: 'urgent-poll-all',
} as const;

export const Tasks = {
  /** Recompute the desired quantities of some products (or of every known SKU), then push what changed. */
  recompute: taskName(MERCHANT_STOCK_FLOW, TaskNames.recompute),
  /** Send what changed: urgent SKUs by patch, the rest as JSON_LISTINGS_FEED messages. */
  push: taskName(MERCHANT_STOCK_FLOW, TaskNames.push),
  /** The ERP change feed: stock moves reached done. */
  movesDone: taskName(MERCHANT_STOCK_FLOW, TaskNames.movesDone),
  /** The Feeds core read a JSON_LISTINGS_FEED report. */
  feedResult: taskName(MERCHANT_STOCK_FLOW, TaskNames.feedResult),
  /** Crontab: a full recompute of every backend with the flow on (drift repair). */
  resyncAll: taskName(MERCHANT_STOCK_FLOW, TaskNames.resyncAll),
  /** New Amazon orders stored: their products recomputed (their units leave the offer before the import). */
  ordersSeen: taskName(MERCHANT_STOCK_FLOW, TaskNames.ordersSeen),
  /** Crontab, every minute: an orders-seen job for every backend with the flow on. */
  ordersSeenAll: taskName(MERCHANT_STOCK_FLOW, TaskNames.ordersSeenAll),
  /** While the ERP's webhook is not live: done stock moves polled every few seconds (urgent-poll/). */
  urgentPoll: taskName(MERCHANT_STOCK_FLOW, TaskNames.urgentPoll),
  /** Crontab, every minute: an urgent poll queued for every backend that should have one and has none. */
  urgentPollAll: taskName(MERCHANT_STOCK_FLOW, TaskNames.urgentPollAll),
} as const;

export const RecomputePayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  /** ERP product ids whose SKUs to recompute; absent: every known SKU. */
  productIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 })),
  /** A resync: every SKU computed gets a new version, so its quantity is sent again even when unchanged. */
  force: Type.Optional(Type.Boolean()),
});
export type RecomputePayload = Static<typeof RecomputePayload>;

export const BackendPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }) });
export type BackendPayload = Static<typeof BackendPayload>;
export const CronPayload = Type.Object({});
