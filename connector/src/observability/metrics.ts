/**
 * Prometheus metrics of one connector process (API or worker). One registry per process, passed around
 * explicitly rather than prom-client's global one, so tests can build several apps side by side.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Records a flow wrote to the other side (orders: created and confirmed as ERP sales orders), by flow. */
  recordsSynced: Counter<'backend' | 'flow'>;
  recordsFailed: Counter<'backend' | 'flow' | 'code'>;
  conflictsRaised: Counter<'backend' | 'code'>;
  erpCalls: Counter<'method' | 'outcome'>;
  amazonCalls: Counter<'operation' | 'status'>;
  jobSeconds: Histogram<'task' | 'outcome'>;
  /** Amazon notifications read from the queue and stored (the first delivery of each), by type. */
  notificationsReceived: Counter<'type'>;
  /** Deliveries of a notification already stored (SQS delivers at least once), by type. */
  notificationsDuplicate: Counter<'type'>;
  /** Messages deleted without a task: unreadable, an unknown seller, a type no flow of the seller asked for. */
  notificationsUnroutable: Counter<'reason'>;
}

export function createMetrics(opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'aec_' });
  return {
    registry,
    // Replaces aec_orders_imported_total (one counter per flow did not scale): that figure is now
    // aec_records_synced_total{flow="orders"}.
    recordsSynced: new Counter({
      name: 'aec_records_synced_total',
      help: 'Records a flow synced to the other side (orders: Amazon orders created and confirmed as ERP sales orders)',
      labelNames: ['backend', 'flow'],
      registers: [registry],
    }),
    recordsFailed: new Counter({
      name: 'aec_records_failed_total',
      help: 'Records a sync could not process, by stable error code',
      labelNames: ['backend', 'flow', 'code'],
      registers: [registry],
    }),
    conflictsRaised: new Counter({
      name: 'aec_conflicts_raised_total',
      help: 'Conflicts raised for a person to resolve, by code',
      labelNames: ['backend', 'code'],
      registers: [registry],
    }),
    erpCalls: new Counter({
      name: 'aec_erp_calls_total',
      help: 'Calls made to the ERP, by model.method and outcome',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    amazonCalls: new Counter({
      name: 'aec_amazon_calls_total',
      help: 'Calls made to SP-API, by operation and HTTP status',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'aec_job_seconds',
      help: 'Background job durations',
      labelNames: ['task', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers: [registry],
    }),
    notificationsReceived: new Counter({ name: 'aec_notifications_received_total', help: 'Amazon notifications read from the queue and stored once', labelNames: ['type'], registers: [registry] }),
    notificationsDuplicate: new Counter({ name: 'aec_notifications_duplicate_total', help: 'Repeated deliveries of an Amazon notification already stored', labelNames: ['type'], registers: [registry] }),
    notificationsUnroutable: new Counter({ name: 'aec_notifications_unroutable_total', help: 'Queue messages deleted without a task, by reason', labelNames: ['reason'], registers: [registry] }),
  };
}
