/**
 * Sellers v1 (sellers.json) `getMarketplaceParticipations`: the marketplaces the seller takes part in, answered
 * against the model's shapes. Used by the connection test to tell an unknown marketplace from one the seller does
 * not sell in. Usage plan 0.016 requests/s, burst 15.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

export const GET_MARKETPLACE_PARTICIPATIONS: SpApiOperation = {
  name: 'getMarketplaceParticipations',
  clientOperation: 'sellers.getMarketplaceParticipations',
  version: 'v1',
  idempotent: true,
};

export const MarketplaceParticipation = Type.Object({
  marketplace: Type.Object({
    id: Type.String(),
    name: Type.String(),
    countryCode: Type.String(),
    defaultCurrencyCode: Type.String(),
    defaultLanguageCode: Type.String(),
    domainName: Type.String(),
  }),
  participation: Type.Object({ isParticipating: Type.Boolean(), hasSuspendedListings: Type.Boolean() }),
  storeName: Type.String(),
});
export type MarketplaceParticipation = Static<typeof MarketplaceParticipation>;

const Answer = Compile(Type.Object({ payload: Type.Array(MarketplaceParticipation) }));

export class SellersApi {
  readonly #caller: SpApiCaller;
  constructor(caller: SpApiCaller) {
    this.#caller = caller;
  }

  /** Every marketplace the seller is registered in, with whether it participates and has suspended listings. */
  async getMarketplaceParticipations(options: CallOptions = {}): Promise<MarketplaceParticipation[]> {
    const res = await this.#caller.call(GET_MARKETPLACE_PARTICIPATIONS, {}, options);
    if (!Answer.Check(res.body)) {
      throw new PermanentError('AMAZON_BAD_PAYLOAD', 'Amazon getMarketplaceParticipations: the answer does not match the model', { operation: 'getMarketplaceParticipations' });
    }
    return res.body.payload;
  }
}
