/** The flow's numbers per backend: deliveries by record state (confirmed, sending, conflict, dry_run, before_cutover). */
import { recordStateCounts } from '../../core/record-state/index.ts';
import type { Queryable } from '../../core/sql.ts';
import { SHIPMENTS_FLOW } from './shipments.payloads.ts';

export const shipmentsStatus = {
  counts: (db: Queryable, backendIds: readonly number[]) => recordStateCounts(db, SHIPMENTS_FLOW, backendIds),
};
