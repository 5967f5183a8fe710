/** The labels flow's name, task names, payloads (ids only) and keys. The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const LABELS_FLOW = 'labels';

/** Local task names (registered as `labels:<name>`). */
export const TaskNames = { buy: 'buy', deliveriesChanged: 'deliveries-changed', redactPii: 'redact-pii' } as const;

export const Tasks = {
  /** Buys the label(s) of a few deliveries, each under its own lock (a batch queues one per delivery). */
  buy: taskName(LABELS_FLOW, TaskNames.buy),
  /** The change feed's task: ready deliveries of merchant Amazon orders get their label when `labels.autoBuy`. */
  deliveriesChanged: taskName(LABELS_FLOW, TaskNames.deliveriesChanged),
  /** Hourly: label bytes (buyer name and address) older than the backend's PII retention dropped. */
  redactPii: taskName(LABELS_FLOW, TaskNames.redactPii),
} as const;

export const BuyPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  pickingIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
  batchId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type BuyPayload = Static<typeof BuyPayload>;

/** The conflict kind of a delivery whose label cannot be bought (key = `picking:<id>`). */
export const LABEL_KIND = 'label';

/** The record-state and conflict key of a delivery. */
export const labelKey = (pickingId: number): string => `picking:${pickingId}`;

export function parseLabelKey(key: string): number | null {
  const m = /^picking:(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** The idempotency key sent with the purchase: the same delivery, package and attempt always send the same one. */
export const idempotencyKeyOf = (backendId: number, pickingId: number, packageNo: number, attempt: number): string =>
  `lbl-${backendId}-${pickingId}-${packageNo}-${attempt}`;

/** The advisory lock of one delivery's labels: two workers never buy for it at once. */
export const labelLockOf = (backendId: number, pickingId: number): string => `label:${backendId}:${pickingId}`;
