/** The codes only the fba-stock flow raises, registered with core's FlowErrorCodes. */
import { defineErrorCodes } from '../../core/errors.ts';

export const fbaStockErrorCodes = defineErrorCodes({
  FBA_STOCK_TOKEN_EXPIRED: { status: 503, description: "Amazon's inventory listing could not be read within its nextToken's life (30 s), even after starting again: retried later" },
  FBA_STOCK_POOL_NOT_READY: { status: 409, description: "the FBA pool's ERP warehouse is not set up or not seeded yet: nothing to compare" },
  FBA_STOCK_POOL_BUSY: { status: 409, description: 'another snapshot or apply of this pool is running: try again in a moment' },
  FBA_DRIFT_NOT_FOUND: { status: 404, description: 'no such drift row for this backend' },
  FBA_DRIFT_NOT_OPEN: { status: 409, description: 'the drift row is already applied or superseded by a newer snapshot' },
  FBA_DRIFT_STALE: { status: 409, description: "the ERP's quantity changed since the snapshot: a new snapshot is queued, approve its row" },
});

export type FbaStockErrorCode = keyof typeof fbaStockErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<FbaStockErrorCode, true> {}
}

export const fbaStockErrorList = Object.entries(fbaStockErrorCodes).map(([code, e]) => ({ code, ...e }));
