/** FBA Inventory v1 `getInventorySummaries` (fba/inventory-summaries.ts). */
import type { FastifyInstance } from 'fastify';
import { inventorySummaries } from '../fba/inventory-summaries.ts';
import { NO_MATCH } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import { invalidInput } from './amazon-errors.ts';
import type { RawQuery } from './query-values.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

/** Registers `GET /fba/inventory/v1/summaries`. */
export function registerFbaInventoryRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/fba/inventory/v1/summaries', async (req, reply) => {
    if (req.target.kind === 'lwa') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'getInventorySummaries');
    if (!sellerId) return reply;
    // The model has no static example for this operation: Amazon's sandbox matches nothing.
    if (req.target.kind === 'sp-api' && req.target.sandbox) return reply.code(NO_MATCH.status).send(NO_MATCH.body);
    const r = inventorySummaries({ catalogue: state.catalogue, stock: state.fbaStock, tokens: state.summaryTokens,
      nowMs: state.now(), timeScale: state.opts.timeScale, sellerId,
      sellerMarketplaces: state.sellers.get(sellerId)!.marketplaceIds }, req.query as RawQuery);
    return r.ok ? reply.send(r.body) : invalidInput(reply, r.message);
  });
}
