/** Shows the plan of a seller's sales history (`GET /_sandbox/history/:sellerId`), for forecast back-tests. */
import type { HistoryWeek } from '../generator/sales-history.ts';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';

/** The plan of a seller's history: per week and SKU the expected orders, the orders made, and stock-outs. */
export function salesHistoryOf(state: SandboxState, sellerId: string): { sellerId: string; weeks: HistoryWeek[] } {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  return { sellerId, weeks: state.salesHistory.get(sellerId) ?? [] };
}
