/** The upload job of a backend: one pending per backend, enqueued in the transaction that asked the uploads. */
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { Tasks } from '../invoices.payloads.ts';

/** The conflict kind of uploads (key: the shipment key), apart from the invoice's own (`invoice`). */
export const INVOICE_UPLOAD_KIND = 'invoice_upload';

export async function enqueueUploads(tx: Queryable, backendId: number, delayMs = 1_000): Promise<void> {
  await enqueue(tx, Tasks.upload, { backendId }, {
    jobKey: `${Tasks.upload}:${backendId}`,
    // A pending job keeps its time: the invoices of several rounds are gathered, not postponed for ever.
    jobKeyMode: 'preserve_run_at',
    runAt: new Date(Date.now() + delayMs),
    maxAttempts: 25,
  });
}
