/**
 * The one list of flows: the worker, the crontab, the set-up, the conflict re-run, the settings model (and, through
 * app/, the API, the metrics and the CLI) are assembled from it. Adding a flow = its folder + one line here.
 */
import { fbaFlow } from './fba/index.ts';
import { housekeepingFlow } from './housekeeping/index.ts';
import { ordersFlow } from './orders/index.ts';
import { invoicesFlow } from './invoices/index.ts';

export const flows = [ordersFlow, fbaFlow, housekeepingFlow, invoicesFlow] as const;
