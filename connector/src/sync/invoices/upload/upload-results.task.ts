/**
 * Amazon's verdict on a feed of invoice PDFs (the Feeds core runs this once the processing report was read):
 * accepted -> the request's upload is `uploaded` (and an upload conflict of it closed); rejected -> an
 * `INVOICE_UPLOAD_REFUSED` conflict with Amazon's code and description; no verdict (the feed failed as a whole) ->
 * `INVOICE_UPLOAD_UNKNOWN`. Only the requests still waiting on that very message key move, so a re-run of this
 * task, or a report read after a retry gave the upload a new key, changes nothing.
 */
import { withTransaction } from '../../../core/tx.ts';
import type { FlowJob } from '../../frame/flow.ts';
import { feedResults, type FeedResultPayload } from '../../frame/feeds/index.ts';
import { setUploads, uploadsByKeys } from '../invoice-uploads.ts';
import { INVOICE_UPLOAD_KIND } from './enqueue-upload.ts';
import type { Static } from 'typebox';

/** Records the outcome of each invoice of the feed; returns how many were accepted. */
export async function readUploadResults(job: FlowJob, p: Static<typeof FeedResultPayload>): Promise<number> {
  const { env } = job;
  const results = (await feedResults(env.db.pool, p.feedId)).filter((r) => r.key.startsWith('invoice:'));
  const rows = await uploadsByKeys(env.db.pool, p.backendId, results.map((r) => r.key));
  const byKey = new Map(rows.map((r) => [r.uploadKey!, r]));
  const queued = await withTransaction(env.db.pool, async (tx) => {
    const { rows: still } = await tx.query<{ key: string }>(
      `select upload_key as key from invoice_request where backend_id = $1 and upload_key = any($2::text[]) and upload_state = 'queued' for update`,
      [p.backendId, rows.map((r) => r.uploadKey!)],
    );
    const waiting = new Set(still.map((r) => r.key));
    const accepted: string[] = [];
    for (const res of results) {
      const row = byKey.get(res.key);
      if (!row || !waiting.has(res.key)) continue;
      const what = `the invoice ${String(res.body.invoiceNumber ?? row.invoiceName)} of ${row.amazonOrderId}`;
      if (res.outcome === 'accepted') {
        await setUploads(tx, [{ id: row.id, state: 'uploaded' }]);
        accepted.push(row.shipmentKey);
        continue;
      }
      const code = res.outcome === 'rejected' ? 'INVOICE_UPLOAD_REFUSED' : 'INVOICE_UPLOAD_UNKNOWN';
      const message = res.outcome === 'rejected'
        ? `Amazon refused ${what}: ${res.code ?? 'no code'}: ${res.message ?? 'no description'}`
        : `Amazon's report does not say whether it accepted ${what}${res.message ? ` (${res.message})` : ''}: retry sends it again`;
      await setUploads(tx, [{ id: row.id, state: 'conflict', code, message }]);
      await env.core.conflicts.raise(
        { backendId: p.backendId, kind: INVOICE_UPLOAD_KIND, amazonKey: row.shipmentKey, code, message, diff: { amazonOrderId: row.amazonOrderId, moveId: row.moveId, key: res.key, amazonCode: res.code, amazonMessage: res.message } },
        tx,
      );
    }
    if (accepted.length) await env.core.conflicts.resolveOpenForMany(p.backendId, INVOICE_UPLOAD_KIND, accepted, { action: 'synced', by: 'invoices' }, tx);
    return accepted.length;
  });
  return queued;
}
