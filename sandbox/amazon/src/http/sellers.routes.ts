/**
 * Sellers v1 `getMarketplaceParticipations`: the marketplaces the calling seller takes part in (sellers.json), in
 * the model's shapes. The participation of each is the seller's configuration; its store name the seller's name.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxState } from '../state.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

const LANGUAGE: Record<string, string> = { DE: 'de_DE', FR: 'fr_FR', IT: 'it_IT', ES: 'es_ES', GB: 'en_GB', PL: 'pl_PL', SE: 'sv_SE', NL: 'nl_NL', US: 'en_US', CA: 'en_CA', JP: 'ja_JP' };

/** Registers `GET /sellers/v1/marketplaceParticipations`. */
export function registerSellersRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/sellers/v1/marketplaceParticipations', async (req, reply) => {
    if (req.target.kind === 'lwa') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'getMarketplaceParticipations');
    if (!sellerId) return reply;
    const seller = state.sellers.get(sellerId)!;
    const payload = seller.marketplaceIds.flatMap((id) => {
      const m = state.catalogue.marketplaces.find((x) => x.marketplaceId === id);
      if (!m) return [];
      return [{
        marketplace: { id, name: m.name, countryCode: m.country, defaultCurrencyCode: m.currency,
          defaultLanguageCode: LANGUAGE[m.country] ?? 'en_US', domainName: `www.${m.name.toLowerCase()}` },
        participation: { isParticipating: true, hasSuspendedListings: false },
        storeName: seller.name ?? seller.sellerId,
      }];
    });
    return reply.send({ payload });
  });
}
