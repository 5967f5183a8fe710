/**
 * Validates ONE raw order from searchOrders/getOrder against the generated `Order` schema (Orders v2026-01-01)
 * plus the rules the model states only in prose that the connector relies on. Each order is judged on its own, so
 * one malformed order becomes a conflict while the rest of its page goes on. Problems name paths, never values
 * (values may be buyer PII).
 */
import { Compile } from 'typebox/compile';
import { Order } from './models/orders-v2026.ts';

export interface OrderMalformed {
  code: 'ORDER_MALFORMED';
  orderId?: string;
  problems: string[];
}

export type ParsedOrder = { ok: true; order: Order } | { ok: false; error: OrderMalformed };

/** At most this many problems are reported: enough to act on, bounded for storage. */
const MAX_PROBLEMS = 20;
/** RFC 7159 decimals without an exponent: every Amazon amount seen is written so, and money code parses these. */
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
/** ISO 8601 date-time with an explicit zone, as Amazon writes createdTime/lastUpdatedTime. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const compileOrder = () => Compile(Order);
let compiled: ReturnType<typeof compileOrder> | undefined;
/** Compiled on first use, once per process. */
function orderValidator(): ReturnType<typeof compileOrder> {
  compiled ??= compileOrder();
  return compiled;
}

/** Parses one raw order; `ok: false` carries ORDER_MALFORMED with the order id when readable and the problems. */
export function parseOrder(raw: unknown): ParsedOrder {
  const orderId = readOrderId(raw);
  const validator = orderValidator();
  const problems = validator.Check(raw)
    ? proseProblems(raw)
    : validator.Errors(raw).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  if (problems.length === 0) return { ok: true, order: raw as Order };
  return {
    ok: false,
    error: { code: 'ORDER_MALFORMED', ...(orderId ? { orderId } : {}), problems: problems.slice(0, MAX_PROBLEMS) },
  };
}

function readOrderId(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { orderId?: unknown }).orderId : undefined;
  return typeof id === 'string' && id !== '' ? id.slice(0, 64) : undefined;
}

/** The checks the model states in words: non-empty ids, real timestamps, decimal amounts with ISO currencies. */
function proseProblems(order: Order): string[] {
  const problems: string[] = [];
  if (order.orderId.trim() === '') problems.push('/orderId: must not be empty');
  for (const key of ['createdTime', 'lastUpdatedTime'] as const) {
    if (!DATE_TIME.test(order[key]) || Number.isNaN(Date.parse(order[key]))) problems.push(`/${key}: must be an ISO 8601 date-time`);
  }
  const itemIds = new Set<string>();
  order.orderItems.forEach((item, i) => {
    if (item.orderItemId.trim() === '') problems.push(`/orderItems/${i}/orderItemId: must not be empty`);
    else if (itemIds.has(item.orderItemId)) problems.push(`/orderItems/${i}/orderItemId: duplicate`);
    itemIds.add(item.orderItemId);
    if (item.quantityOrdered < 0) problems.push(`/orderItems/${i}/quantityOrdered: must not be negative`);
  });
  collectMoneyProblems(order, '', problems);
  return problems;
}

/** Walks the order: every Money object (the only objects with `amount` / `currencyCode`) must be well formed. */
function collectMoneyProblems(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectMoneyProblems(child, `${path}/${i}`, problems));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if ('amount' in record || 'currencyCode' in record) {
    if (typeof record.amount !== 'string' || !DECIMAL.test(record.amount)) problems.push(`${path}/amount: must be a decimal string`);
    if (typeof record.currencyCode !== 'string' || !CURRENCY.test(record.currencyCode)) {
      problems.push(`${path}/currencyCode: must be a three-letter ISO 4217 code`);
    }
    return;
  }
  for (const [key, child] of Object.entries(record)) collectMoneyProblems(child, `${path}/${key}`, problems);
}
