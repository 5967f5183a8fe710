/** /api/backends/:id/skus and /erp-products: the SKU screen (every SKU seen, its ERP product, CSV out and in). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendId } from '../../../api/schemas.ts';
import { BackendIdParams, PageQuery, errorRef, notFound, upstream } from '../../../api/routes/common.ts';
import { actorOf } from '../../../api/access.ts';
import type { SkusApiService } from './skus.service.ts';
import { AutoMatchResult, ErpProductView, ImportResult, ProductId, SkuFilter, SkuMapped, SkuPage, SkuText } from './skus.schemas.ts';

const SkuParams = Type.Object({ id: BackendId, sku: SkuText });
const CSV_LIMIT = 4 * 1024 * 1024;

/** The SKU routes over `skus` (mounted under /api with the order flow's). */
export function skuRoutes(skus: SkusApiService): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    // The import's body is the CSV text itself (this plugin only; everywhere else the API reads JSON alone).
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body));
    const tags = ['skus'];
    const read = { access: 'read' as const };
    const write = { access: 'write' as const };
    app.get(
      '/backends/:id/skus',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every seller SKU seen, unmatched first then by SKU, with its ERP product and how it was chosen',
          description: "`waitingOrders` (the orders held by the SKU's open SKU_UNMAPPED conflicts) may be up to 5 s old: counting reads every such conflict of the backend, so the pages reuse the count for 5 s. A mapping made through this API's SKU routes shows at once; a conflict closed elsewhere within 5 s. The rest of each row is read live.",
          params: BackendIdParams,
          querystring: Type.Object({
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the SKU or title, or the ASIN' })),
            filter: Type.Optional(SkuFilter),
            ...PageQuery,
          }),
          response: { 200: ref(SkuPage), ...notFound },
        },
      },
      (req) => skus.list(req.params.id, { q: req.query.q, filter: req.query.filter, limit: req.query.limit ?? 50, cursor: req.query.cursor }),
    );
    app.get(
      '/backends/:id/skus.csv',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every SKU as CSV (sku,product_id,product_name,matched_by,asin,title,last_seen_at,waiting_orders)',
          params: BackendIdParams,
          response: { 200: { content: { 'text/csv': { schema: Type.String() } } }, ...notFound },
        },
      },
      async (req, reply) => {
        const csv = await skus.exportCsv(req.params.id);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="skus-${req.params.id}.csv"`).send(csv);
      },
    );
    app.post(
      '/backends/:id/skus/import',
      {
        config: write,
        bodyLimit: CSV_LIMIT,
        schema: {
          tags,
          summary: 'Maps SKUs from a CSV file (header sku,product_id or sku,default_code): every valid row is applied, each row answered',
          description:
            'Body: text/csv. Rows whose product is found are mapped (audited) and the orders they held re-queued; the others are answered ' +
            'with their line number and a code (BAD_REQUEST, CSV_INVALID for a SKU given twice, MAPPING_TARGET_NOT_FOUND). ' +
            'A file that is not CSV or has no usable header is refused as a whole: 400 CSV_INVALID.',
          params: BackendIdParams,
          consumes: ['text/csv'],
          body: Type.String({ maxLength: CSV_LIMIT }),
          response: { 200: ref(ImportResult), ...notFound, ...upstream },
        },
      },
      (req) => skus.importCsv(req.params.id, req.body, actorOf(req)),
    );
    app.post(
      '/backends/:id/skus/auto-match',
      {
        config: write,
        schema: {
          tags,
          summary: 'Maps every unmatched SKU to the ERP product whose internal reference, else barcode, is the SKU (one ERP search)',
          params: BackendIdParams,
          response: { 200: ref(AutoMatchResult), ...notFound, ...upstream },
        },
      },
      (req) => skus.autoMatch(req.params.id, actorOf(req)),
    );
    app.put(
      '/backends/:id/skus/:sku',
      {
        config: write,
        schema: {
          tags,
          summary: 'Maps the SKU to an ERP product by hand (audited) and re-queues the orders waiting on it',
          description: '422 MAPPING_TARGET_NOT_FOUND when the ERP has no such active product.',
          params: SkuParams,
          body: Type.Object({ productId: ProductId }, { additionalProperties: false }),
          response: { 200: ref(SkuMapped), ...notFound, ...upstream },
        },
      },
      (req) => skus.map(req.params.id, req.params.sku, req.body.productId, actorOf(req)),
    );
    app.delete(
      '/backends/:id/skus/:sku',
      {
        config: write,
        schema: { tags, summary: 'Removes the SKU’s ERP product (audited); 404 SKU_NOT_MAPPED when it has none', params: SkuParams, response: { 204: Type.Null(), 404: errorRef } },
      },
      async (req, reply) => {
        await skus.unmap(req.params.id, req.params.sku, actorOf(req));
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/backends/:id/erp-products',
      {
        config: read,
        schema: {
          tags,
          summary: 'ERP products whose name, internal reference or barcode contains q (at most 20), for the product picker',
          params: BackendIdParams,
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 20 })) }),
          response: { 200: Type.Array(ref(ErpProductView)), ...notFound, ...upstream },
        },
      },
      (req) => skus.searchProducts(req.params.id, req.query.q ?? '', req.query.limit ?? 20),
    );
  };
}
