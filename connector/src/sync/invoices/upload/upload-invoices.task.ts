/**
 * The upload job of one backend: rounds of its pending uploads, each invoice locked (`invoice-upload:<backend>:<move>`)
 * so two workers never render or queue one PDF at once (the message key would keep a second copy out anyway).
 * Nothing happens while `invoices.uploadVatInvoices` is off or the flow is in dry run: the uploads stay pending,
 * and the safety net (`invoices:invoice-all`) enqueues this job again once they can go.
 */
import { throwIfAborted } from '../../../core/abort.ts';
import type { FlowJob } from '../../frame/flow.ts';
import { invoicesSettings } from '../invoices.settings.ts';
import { pendingUploads } from '../invoice-uploads.ts';
import type { UploadPayload } from '../invoices.payloads.ts';
import { enqueueUploads } from './enqueue-upload.ts';
import { queueUploads } from './queue-uploads.workflow.ts';

const MAX_ROUNDS = 20;
/** Invoices per round: each may cost a Send & Print (two ERP calls) and a PDF read. */
const ROUND_SIZE = 25;

/** Queues the backend's pending invoice PDFs for Amazon; returns how many were queued. */
export async function uploadInvoices(job: FlowJob, p: UploadPayload): Promise<number> {
  const { env } = job;
  const rt = await env.runtimes.get(p.backendId);
  if (!invoicesSettings.of(rt.backend.settings).uploadVatInvoices) return 0;
  if (job.goLive?.dryRun) {
    env.log.info('invoices dry run: would upload invoice PDFs', { backendId: p.backendId });
    return 0;
  }
  const lockKey = (moveId: number) => `invoice-upload:${p.backendId}:${moveId}`;
  const locks = await env.core.locker.session();
  let queued = 0;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      throwIfAborted(job.signal, 'the invoice upload');
      const pending = await pendingUploads(env.db.pool, p.backendId, ROUND_SIZE);
      if (!pending.length) return queued;
      const obtained = new Set((await locks.tryLock(pending.map((r) => lockKey(r.moveId)))).obtained);
      if (obtained.size < pending.length) await enqueueUploads(env.db.pool, p.backendId, 2_000);
      if (!obtained.size) return queued;
      try {
        // Fresh after locking: another worker may have queued some meanwhile.
        const mine = new Set(pending.filter((r) => obtained.has(lockKey(r.moveId))).map((r) => r.id));
        const fresh = (await pendingUploads(env.db.pool, p.backendId, ROUND_SIZE * 2)).filter((r) => mine.has(r.id));
        queued += (await queueUploads({ env, rt, locks }, fresh)).queued;
      } finally {
        await locks.unlock([...obtained]);
      }
    }
    await enqueueUploads(env.db.pool, p.backendId, 0);
    return queued;
  } finally {
    await locks.close();
  }
}
