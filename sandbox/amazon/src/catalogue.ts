/** The shared demo catalogue (sandbox/catalogue/catalogue.json), read once and checked at the boundary. */
import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Decimal = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' });

export const MarketplaceSchema = Type.Object({
  marketplaceId: Type.String(),
  country: Type.String({ minLength: 2, maxLength: 2 }),
  name: Type.String(),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  vat: Type.Object({ standard: Decimal, reduced: Decimal }),
  region: Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')]),
  salesTaxWithheld: Type.Optional(Type.Boolean()),
});
export type Marketplace = Static<typeof MarketplaceSchema>;

export const ProductSchema = Type.Object({
  sellerSku: Type.String(),
  asin: Type.String(),
  title: Type.String(),
  taxClass: Type.Union([Type.Literal('standard'), Type.Literal('reduced')]),
  prices: Type.Record(Type.String(), Decimal),
});
export type Product = Static<typeof ProductSchema>;

const CatalogueSchema = Type.Object({
  marketplaces: Type.Array(MarketplaceSchema),
  products: Type.Array(ProductSchema),
  notInErp: Type.Array(Type.String()),
  aliases: Type.Record(Type.String(), Type.String()),
});
export type Catalogue = Static<typeof CatalogueSchema>;

let cached: Catalogue | undefined;

/** Loads `../catalogue/catalogue.json` (relative to this package) once; throws with the path of the first bad field. */
export function loadCatalogue(): Catalogue {
  if (cached) return cached;
  const url = new URL('../../catalogue/catalogue.json', import.meta.url);
  const raw: unknown = JSON.parse(readFileSync(url, 'utf8'));
  const { _comment: _c, ...data } = raw as Record<string, unknown>;
  if (!Value.Check(CatalogueSchema, data)) {
    const first = Value.Errors(CatalogueSchema, data)[0];
    throw new Error(`catalogue.json is invalid at ${first?.instancePath ?? '?'}: ${first?.message ?? 'unknown'}`);
  }
  cached = data;
  return cached;
}

/** The marketplace with this id, or undefined. */
export function findMarketplace(catalogue: Catalogue, marketplaceId: string): Marketplace | undefined {
  return catalogue.marketplaces.find((m) => m.marketplaceId === marketplaceId);
}
