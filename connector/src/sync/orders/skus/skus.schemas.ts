/** The SKU screen's API shapes (TypeBox, each shared one with an `$id`). */
import { Type, type Static } from 'typebox';
import { pageOf, ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';

/** A seller SKU as a path segment or CSV cell: Amazon allows up to 40 printable characters. */
export const SkuText = Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\x21-\\x7E](?:[\\x20-\\x7E]*[\\x21-\\x7E])?$' });
export const ProductId = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const SkuFilter = Type.Union([Type.Literal('unmatched'), Type.Literal('matched')]);
export type SkuFilterT = Static<typeof SkuFilter>;

export const ErpProductView = Type.Object(
  { id: Type.Integer(), name: Type.String(), defaultCode: Nullable(Type.String()), barcode: Nullable(Type.String()) },
  { $id: 'ErpProduct' },
);

export const SkuView = Type.Object(
  {
    sku: Type.String(),
    asin: Nullable(Type.String()),
    title: Nullable(Type.String()),
    lastOrderId: Nullable(Type.String({ description: 'the last stored order that sold it' })),
    lastSeenAt: IsoTime,
    product: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String({ description: 'null when mapped outside this screen' })) })),
    matchedBy: Nullable(
      Type.Union([Type.Literal('hand'), Type.Literal('default_code'), Type.Literal('barcode'), Type.Literal('table'), Type.Literal('implicit_default_code'), Type.Literal('implicit_barcode')], {
        description:
          'how the product was chosen: by hand, automatically by internal reference or barcode, or a sku_map row written elsewhere; ' +
          'implicit_*: no sku_map row, the order flow finds the product by its internal reference (or barcode) each time',
      }),
    ),
    waitingOrders: Type.Integer({ description: 'orders held in an open SKU_UNMAPPED conflict that sell this SKU' }),
  },
  { $id: 'Sku' },
);
export type SkuViewT = Static<typeof SkuView>;
export const SkuPage = pageOf(SkuView, 'SkuPage');

export const SkuMapped = Type.Object({ sku: ref(SkuView), retried: Type.Integer({ description: 'held orders re-queued' }) }, { $id: 'SkuMapped' });

export const AutoMatchResult = Type.Object(
  {
    matched: Type.Array(Type.Object({ sku: Type.String(), productId: Type.Integer(), by: Type.Union([Type.Literal('default_code'), Type.Literal('barcode')]) })),
    ambiguous: Type.Array(Type.Object({ sku: Type.String(), productIds: Type.Array(Type.Integer()) }), { description: 'several products carry the SKU: left for a person' }),
    unmatched: Type.Integer({ description: 'SKUs still without a product' }),
    retried: Type.Integer(),
  },
  { $id: 'SkuAutoMatchResult' },
);

export const ImportRowResult = Type.Object({
  row: Type.Integer({ description: 'line number in the file (1 = the header)' }),
  sku: Nullable(Type.String()),
  ok: Type.Boolean(),
  productId: Nullable(Type.Integer()),
  code: Nullable(Type.String({ description: 'stable code of the row error' })),
  message: Nullable(Type.String()),
});
export const ImportResult = Type.Object(
  { mapped: Type.Integer(), failed: Type.Integer(), retried: Type.Integer(), rows: Type.Array(ImportRowResult) },
  { $id: 'SkuImportResult' },
);
export type ImportResultT = Static<typeof ImportResult>;

export const skuSchemas = [ErpProductView, SkuView, SkuPage, SkuMapped, AutoMatchResult, ImportResult];
