/** The shared demo catalogue (sandbox/catalogue/catalogue.json), read once and checked at the boundary. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Decimal = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' });

/** A unit's package as Amazon measures it for FBA (its size tier: fba/fulfilment-fee.ts): sides in cm, weight in g. */
export const PackageSizeSchema = Type.Object({
  lengthCm: Type.Number({ exclusiveMinimum: 0 }), widthCm: Type.Number({ exclusiveMinimum: 0 }), heightCm: Type.Number({ exclusiveMinimum: 0 }),
  weightG: Type.Integer({ minimum: 1 }),
});
export type PackageSize = Static<typeof PackageSizeSchema>;

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
  /** Optional so a catalogue without it still loads (packageOf derives one). */
  package: Type.Optional(PackageSizeSchema),
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

/**
 * The package of a SKU: the catalogue's `package`; a SKU the catalogue lacks (an odd order's) gets one derived
 * from the SKU alone, stable across seeds and releases: a parcel of 10-45 x 8-34 x 3-26 cm and 100-3,000 g (large
 * standard, fba/fulfilment-fee.ts), the commonest tier.
 */
export function packageOf(catalogue: Catalogue, sku: string): PackageSize {
  const known = catalogue.products.find((p) => p.sellerSku === sku)?.package;
  if (known) return known;
  const h = createHash('sha256').update(`package|${sku}`).digest();
  const u = (i: number) => h.readUInt16BE(i * 2) / 65_536;
  const tenth = (lo: number, hi: number, x: number) => Math.round((lo + (hi - lo) * x) * 10) / 10;
  return { lengthCm: tenth(10, 45, u(0)), widthCm: tenth(8, 34, u(1)), heightCm: tenth(3, 26, u(2)), weightG: Math.round(100 + 2_900 * u(3)) };
}
