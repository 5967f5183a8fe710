/**
 * Reorder advice, declared: its settings namespace (`reorder.enabled` off by default: it only advises, and writes
 * reordering rules to the ERP only with `reorder.pushOrderpoints`). The forecast core is `mapping/` (pure), the
 * ERP's reordering rules `erp/orderpoint.gateway.ts`.
 */
import { Type } from 'typebox';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { keepSalesOfEveryBackend } from './keep-sales.task.ts';
import { sampleEveryBackend } from './stock-days/sample-stock.ts';
import { stockDayRetention } from './stock-days/stock-day-retention.ts';
import { pushTasks } from './push/push.task.ts';
import { REORDER_FLOW } from './reorder.payloads.ts';
import { reorderSettings } from './reorder.settings.ts';
import { reorderApiRoutes } from './api/reorder-advice.routes.ts';
import { reorderApiSchemas } from './api/reorder-advice.schemas.ts';
import { reorderErrorList } from './reorder.errors.ts';

export const reorderFlow = defineFlow({
  name: REORDER_FLOW,
  description: 'Reorder advice: sales velocity, seasonality, days of cover and the quantity to order, optionally as ERP reordering rules',
  tasks: [
    defineTask({
      name: 'keep-sales',
      payload: Type.Object({ correlationId: Type.Optional(Type.String()) }),
      perBackend: false,
      run: async ({ env }) => void (await keepSalesOfEveryBackend(env)),
    }),
    defineTask({
      name: 'sample-stock',
      payload: Type.Object({ correlationId: Type.Optional(Type.String()) }),
      perBackend: false,
      run: async ({ env }) => void (await sampleEveryBackend(env)),
    }),
    ...pushTasks,
  ],
  // Daily, well inside the shortest document retention (7 days): no complete week is pruned before it is kept.
  // The rules daily after the sums are kept (the advice reads them): one push per backend that wants it.
  // The stock sampled every hour (the stock-out record's day rule counts hours), away from the other flows' minutes.
  crontab: [
    { pattern: '37 2 * * *', task: 'keep-sales', options: '?max=1' },
    { pattern: '7 3 * * *', task: 'push-all', options: '?max=1' },
    { pattern: '29 * * * *', task: 'sample-stock', options: '?max=1' },
  ],
  // The stock-out record, kept as far back as the forecast reads it (stock-day-retention.ts).
  retainedRows: stockDayRetention,
  settings: reorderSettings,
  errorCodes: reorderErrorList,
  apiRoutes: reorderApiRoutes,
  apiSchemas: reorderApiSchemas,
  demo: { describe: 'reorder: sales velocity and seasonality per SKU, days of cover and the quantity to order (off until switched on)' },
});
