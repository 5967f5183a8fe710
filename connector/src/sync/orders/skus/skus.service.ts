/** The SKU screen's service: the list, hand mappings, auto-match, the ERP product search, CSV out and in. */
import { Compile } from 'typebox/compile';
import type { PageOf } from '../../../api/deps.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { erpProductsGateway, type ErpProduct } from './erp-products.gateway.ts';
import { existingProducts, matchByCodes, removeSkuMapping, writeSkuMappings, type SkuWrite } from './sku-mapping.ts';
import { allSkus, getSku, heldCounts, listSkus } from './sku-queries.ts';
import { ttlCache } from '../../../core/ttl-cache.ts';
import { parseSkuCsv, skuCsv } from './sku-csv.ts';
import { SkuText, type ImportResultT, type SkuFilterT, type SkuViewT } from './skus.schemas.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

type Env = Pick<TaskEnv, 'db' | 'core' | 'runtimes'>;
/** How old the SKU list's held-orders counts may be (documented on GET /backends/{id}/skus). */
export const HELD_TTL_MS = 5_000;
const isSku = Compile(SkuText);

export interface SkusApiService {
  list(backendId: number, q: { q?: string; filter?: SkuFilterT; limit: number; cursor?: string }): Promise<PageOf<SkuViewT>>;
  map(backendId: number, sku: string, productId: number, actor: string): Promise<{ sku: SkuViewT; retried: number }>;
  unmap(backendId: number, sku: string, actor: string): Promise<void>;
  autoMatch(backendId: number, actor: string): Promise<{ matched: { sku: string; productId: number; by: 'default_code' | 'barcode' }[]; ambiguous: { sku: string; productIds: number[] }[]; unmatched: number; retried: number }>;
  searchProducts(backendId: number, q: string, limit: number): Promise<ErpProduct[]>;
  exportCsv(backendId: number): Promise<string>;
  importCsv(backendId: number, text: string, actor: string): Promise<ImportResultT>;
}

/** The service over `env` (read lazily: the OpenAPI generator builds the routes without an env). */
export function skusApiService(env: Env): SkusApiService {
  const mustExist = async (id: number) => {
    await backendMustExist(env.core.backends, id);
  };
  const products = async (backendId: number) => erpProductsGateway((await env.runtimes.get(backendId)).erp);
  const unmatchedSkus = async (backendId: number) =>
    (await allSkus(env.db.pool, backendId)).filter((s) => !s.product || s.matchedBy?.startsWith('implicit_')).map((s) => s.sku);

  // The held orders per SKU of a backend, counted over all its open SKU_UNMAPPED conflicts (their Amazon snapshots
  // read one by one: ~1,000 in the API bench's largest backend), reused for HELD_TTL_MS by the list's pages. This
  // service's own mappings drop them at once; a conflict closed elsewhere shows within HELD_TTL_MS.
  const held = ttlCache<Map<string, number>>(HELD_TTL_MS);
  const heldOf = (db: Parameters<typeof heldCounts>[0], backendId: number) => held.get(String(backendId), () => heldCounts(db, backendId));
  const fresh = <T>(backendId: number, result: T): T => (held.drop(String(backendId)), result);

  return {
    async list(backendId, q) {
      // A page with rows proves the backend is there; only an empty one asks apart (one round trip saved a page).
      const page = await listSkus(env.db.pool, backendId, q, heldOf);
      if (!page.items.length) await mustExist(backendId);
      return page;
    },
    async map(backendId, sku, productId, actor) {
      await mustExist(backendId);
      const found = await existingProducts(await products(backendId), [productId]);
      const retried = fresh(backendId, await writeSkuMappings(env.db.pool, env.core, backendId, [{ sku, product: found.get(productId)!, by: 'hand' }], actor));
      return { sku: (await getSku(env.db.pool, backendId, sku))!, retried };
    },
    async unmap(backendId, sku, actor) {
      await mustExist(backendId);
      fresh(backendId, await removeSkuMapping(env.core, backendId, sku, actor));
    },
    async autoMatch(backendId, actor) {
      await mustExist(backendId);
      const wanted = await unmatchedSkus(backendId);
      const { matched, ambiguous } = await matchByCodes(await products(backendId), wanted);
      const retried = fresh(backendId, await writeSkuMappings(env.db.pool, env.core, backendId, matched, actor));
      return {
        matched: matched.map((m) => ({ sku: m.sku, productId: m.product.id, by: m.by as 'default_code' | 'barcode' })),
        ambiguous,
        unmatched: wanted.length - matched.length,
        retried,
      };
    },
    async searchProducts(backendId, q, limit) {
      await mustExist(backendId);
      return (await products(backendId)).search(q.trim(), limit);
    },
    async exportCsv(backendId) {
      await mustExist(backendId);
      return skuCsv(await allSkus(env.db.pool, backendId));
    },
    async importCsv(backendId, text, actor) {
      await mustExist(backendId);
      const file = parseSkuCsv(text);
      const gw = await products(backendId);
      const results: ImportResultT['rows'] = [];
      const fail = (line: number, sku: string | null, code: string, message: string) => results.push({ row: line, sku, ok: false, productId: null, code, message });
      const firstLine = new Map<string, number>();
      const todo = file.rows.filter((r) => {
        if (!isSku.Check(r.sku)) return void fail(r.line, r.sku || null, 'BAD_REQUEST', 'the SKU must be 1 to 40 printable characters'), false;
        const seen = firstLine.get(r.sku);
        if (seen !== undefined) return void fail(r.line, r.sku, 'CSV_INVALID', `SKU ${r.sku} is on line ${seen} already`), false;
        firstLine.set(r.sku, r.line);
        if (!r.value) return void results.push({ row: r.line, sku: r.sku, ok: true, productId: null, code: null, message: 'no product given: left as it is' }), false;
        if (file.by === 'product_id' && !/^[1-9][0-9]{0,9}$/.test(r.value)) return void fail(r.line, r.sku, 'BAD_REQUEST', `product_id ${r.value.slice(0, 20)} is not a record id`), false;
        return true;
      });
      // One ERP call for the whole file: the products by id, or by internal reference.
      const writes: (SkuWrite & { line: number })[] = [];
      if (file.by === 'product_id') {
        const found = await gw.byIds(todo.map((r) => Number(r.value)));
        for (const r of todo) {
          const p = found.get(Number(r.value));
          if (p) writes.push({ sku: r.sku, product: p, by: 'hand', line: r.line });
          else fail(r.line, r.sku, 'MAPPING_TARGET_NOT_FOUND', `no active ERP product ${r.value}`);
        }
      } else {
        const found = todo.length ? await gw.byCodes([...new Set(todo.map((r) => r.value))]) : [];
        for (const r of todo) {
          const hits = found.filter((p) => p.defaultCode === r.value);
          if (hits.length === 1) writes.push({ sku: r.sku, product: hits[0]!, by: 'hand', line: r.line });
          else if (hits.length) fail(r.line, r.sku, 'MAPPING_TARGET_NOT_FOUND', `${hits.length} ERP products have the internal reference ${r.value}: use product_id`);
          else fail(r.line, r.sku, 'MAPPING_TARGET_NOT_FOUND', `no active ERP product has the internal reference ${r.value}`);
        }
      }
      const retried = fresh(backendId, await writeSkuMappings(env.db.pool, env.core, backendId, writes, actor));
      for (const w of writes) results.push({ row: w.line, sku: w.sku, ok: true, productId: w.product.id, code: null, message: null });
      results.sort((a, b) => a.row - b.row);
      return { mapped: writes.length, failed: results.filter((r) => !r.ok).length, retried, rows: results };
    },
  };
}
