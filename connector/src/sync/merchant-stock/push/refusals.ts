/**
 * A SKU whose quantity Amazon refused (a patch answered INVALID, a feed message with an ERROR, no listing for the
 * SKU) becomes a conflict of kind `merchant_stock`, keyed by the SKU, with Amazon's issue code; the SKU is not sent
 * again by itself. The conflict's retry marks the SKU for a re-check: the next push sends the then current quantity.
 */
import type { SyncError } from '../../../core/errors.ts';
import type { CoreServices } from '../../../core/services.ts';
import type { Queryable } from '../../../core/sql.ts';

export const MERCHANT_STOCK_KIND = 'merchant_stock';

export interface RefusedSku {
  sku: string;
  desiredQty: number;
  computedSeq: number;
}

/** Raises (or refreshes) the SKU's conflict in `tx`. */
export async function raiseRefusal(core: Pick<CoreServices, 'conflicts'>, tx: Queryable, backendId: number, row: RefusedSku, error: Pick<SyncError, 'code' | 'message' | 'details'>): Promise<void> {
  const listingMissing = error.code === 'MERCHANT_STOCK_LISTING_MISSING';
  const amazonCode = typeof error.details.amazonCode === 'string' ? error.details.amazonCode : error.code;
  await core.conflicts.raise(
    {
      backendId,
      kind: MERCHANT_STOCK_KIND,
      amazonKey: row.sku,
      code: listingMissing ? 'MERCHANT_STOCK_LISTING_MISSING' : 'MERCHANT_STOCK_REFUSED',
      message: listingMissing ? `Amazon has no listing for ${row.sku}: its quantity ${row.desiredQty} was not sent` : `Amazon refused quantity ${row.desiredQty} for ${row.sku}: ${error.message}`.slice(0, 1000),
      diff: { sku: row.sku, quantity: row.desiredQty, version: row.computedSeq, amazonCode, issues: error.details.issues ?? null },
    },
    tx,
  );
}
