/**
 * Amazon's marketplaces (public facts from Amazon's documentation): id -> country, currency, region, and whether
 * listed prices include VAT (EU/UK and other VAT marketplaces) or exclude sales tax (US/CA/BR/MX: there tax is
 * added on top and, for the US and Canada, usually withheld by Amazon as marketplace facilitator).
 */
export interface MarketplaceInfo {
  id: string;
  country: string;
  currency: string;
  region: 'na' | 'eu' | 'fe';
  name: string;
  pricesIncludeTax: boolean;
}

const rows: Array<[string, string, string, MarketplaceInfo['region'], string, boolean]> = [
  ['ATVPDKIKX0DER', 'US', 'USD', 'na', 'Amazon.com', false],
  ['A2EUQ1WTGCTBG2', 'CA', 'CAD', 'na', 'Amazon.ca', false],
  ['A1AM78C64UM0Y8', 'MX', 'MXN', 'na', 'Amazon.com.mx', true],
  ['A2Q3Y263D00KWC', 'BR', 'BRL', 'na', 'Amazon.com.br', true],
  ['A1RKKUPIHCS9HS', 'ES', 'EUR', 'eu', 'Amazon.es', true],
  ['A1F83G8C2ARO7P', 'GB', 'GBP', 'eu', 'Amazon.co.uk', true],
  ['A13V1IB3VIYZZH', 'FR', 'EUR', 'eu', 'Amazon.fr', true],
  ['AMEN7PMS3EDWL', 'BE', 'EUR', 'eu', 'Amazon.com.be', true],
  ['A1805IZSGTT6HS', 'NL', 'EUR', 'eu', 'Amazon.nl', true],
  ['A1PA6795UKMFR9', 'DE', 'EUR', 'eu', 'Amazon.de', true],
  ['APJ6JRA9NG5V4', 'IT', 'EUR', 'eu', 'Amazon.it', true],
  ['A2NODRKZP88ZB9', 'SE', 'SEK', 'eu', 'Amazon.se', true],
  ['AE08WJ6YKNBMC', 'ZA', 'ZAR', 'eu', 'Amazon.co.za', true],
  ['A1C3SOZRARQ6R3', 'PL', 'PLN', 'eu', 'Amazon.pl', true],
  ['ARBP9OOSHTCHU', 'EG', 'EGP', 'eu', 'Amazon.eg', true],
  ['A33AVAJ2PDY3EV', 'TR', 'TRY', 'eu', 'Amazon.com.tr', true],
  ['A17E79C6D8DWNP', 'SA', 'SAR', 'eu', 'Amazon.sa', true],
  ['A2VIGQ35RCS4UG', 'AE', 'AED', 'eu', 'Amazon.ae', true],
  ['A21TJRUUN4KGV', 'IN', 'INR', 'eu', 'Amazon.in', true],
  ['A19VAU5U5O7RUS', 'SG', 'SGD', 'fe', 'Amazon.sg', true],
  ['A39IBJ37TRP1C6', 'AU', 'AUD', 'fe', 'Amazon.com.au', true],
  ['A1VC38T7YXB528', 'JP', 'JPY', 'fe', 'Amazon.co.jp', true],
];

export const MARKETPLACES: ReadonlyMap<string, MarketplaceInfo> = new Map(
  rows.map(([id, country, currency, region, name, pricesIncludeTax]) => [id, { id, country, currency, region, name, pricesIncludeTax }]),
);

/** The marketplace's facts, or undefined for an id Amazon has not published (set-up reports it). */
export function marketplaceInfo(id: string): MarketplaceInfo | undefined {
  return MARKETPLACES.get(id);
}
