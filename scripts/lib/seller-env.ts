/**
 * The environment that points a connector at a seller account of the Amazon sandbox: the very variables a real
 * seller's set-up uses (LWA credentials, refresh token, region, seller id, marketplaces), so the demo, the tests
 * and the bench configure the connector exactly as production does.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SellerConfig } from '../../sandbox/amazon/src/index.ts';

export function sellerEnv(seller: SellerConfig): Record<string, string> {
  return {
    AMAZON_LWA_CLIENT_ID: seller.clientId,
    AMAZON_LWA_CLIENT_SECRET: seller.clientSecret,
    AMAZON_REFRESH_TOKEN: seller.refreshToken,
    AMAZON_REGION: seller.region,
    AMAZON_SELLER_ID: seller.sellerId,
    AMAZON_MARKETPLACE_IDS: seller.marketplaceIds.join(','),
  };
}

/**
 * The VAT position of a sandbox seller (backend settings, namespaced): the European demo seller is a German
 * company in the EU One-Stop-Shop that also sells on Amazon.co.uk, which needs a UK VAT number; without it every
 * British order is a VAT_REGISTRATION_MISSING conflict, as it would be for a real seller.
 */
export function sellerVatSettings(seller: SellerConfig): Record<string, unknown> {
  return seller.region === 'eu' ? { vat: { registrations: { GB: 'GB980780684' } } } : {};
}

/**
 * The tax class of each product of the shared demo catalogue, as `tax_class_map` rows: what a real seller states
 * once about its goods, so that an amount Amazon gives VAT-inclusive without its tax (the model's UK and JP shape)
 * is taxed at the product's rate, not guessed (TAX_RATE_UNDECIDED without it). A reduced class is pinned to each
 * marketplace country's reduced rate of the catalogue, since several countries have more than one (France 10 / 5.5).
 */
export function catalogueTaxClasses(): Array<{ key: string; value: { class: 'standard' | 'reduced' | 'zero'; rates?: Record<string, string> } }> {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sandbox', 'catalogue', 'catalogue.json');
  const catalogue = JSON.parse(readFileSync(file, 'utf8')) as {
    products: Array<{ sellerSku: string; taxClass: 'standard' | 'reduced' | 'zero' }>;
    marketplaces: Array<{ country: string; vat: Record<string, string> }>;
  };
  const reduced = Object.fromEntries(catalogue.marketplaces.filter((m) => m.vat.reduced && m.vat.reduced !== '0').map((m) => [m.country, m.vat.reduced!]));
  return catalogue.products.map((p) => ({ key: p.sellerSku, value: p.taxClass === 'reduced' ? { class: 'reduced', rates: reduced } : { class: p.taxClass } }));
}
