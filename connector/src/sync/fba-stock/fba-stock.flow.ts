/**
 * FBA stock, declared: Amazon's inventory per pool (getInventorySummaries, one listing per pool) stored and
 * compared with the pool's ERP warehouse; drift listed with its likely cause and applied to the ERP (absolute
 * inventory counts) when a person approves it or the backend's limits allow. Off by default; needs the fba flow's
 * pools (set up and seeded).
 */
import { defineFlow } from '../frame/flow.ts';
import { fbaStockApiRoutes } from './api/fba-stock.routes.ts';
import { fbaStockApiSchemas } from './api/fba-stock.schemas.ts';
import { fbaStockErrorList } from './fba-stock.errors.ts';
import { FBA_INVENTORY_NOTIFICATION, fbaStockGoLive, TaskNames } from './fba-stock.payloads.ts';
import { fbaStockSettings } from './fba-stock.settings.ts';
import { fbaStockCrontab, fbaStockTasks } from './fba-stock.tasks.ts';

export const fbaStockFlow = defineFlow({
  ...fbaStockGoLive,
  description: "FBA stock: Amazon's inventory per pool compared with the pool's ERP warehouse, drift applied on approval",
  tasks: fbaStockTasks,
  crontab: fbaStockCrontab,
  settings: fbaStockSettings,
  errorCodes: fbaStockErrorList,
  amazonNotifications: [{ type: FBA_INVENTORY_NOTIFICATION, task: TaskNames.notified }],
  apiRoutes: fbaStockApiRoutes,
  apiSchemas: fbaStockApiSchemas,
  demo: { describe: "fba-stock: Amazon's FBA stock per pool beside the ERP warehouse, drift listed with its cause" },
});
