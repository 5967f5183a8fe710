/**
 * The safety sweep under the change feed (a missed webhook, a poll window lost in an outage): the backend's posted
 * credit notes of the last `refundAdjustments.sweepDays` days whose reference holds the mark are checked again. The
 * check is idempotent (its record and the feed key), so a credit note already sent costs one read, nothing more.
 */
import type { FlowJob } from '../frame/flow.ts';
import { checkCreditNotes, type CheckOutcome } from './check-credit-notes.ts';
import { creditNoteOutGateway } from './erp/credit-note-out.gateway.ts';
import { refundAdjustmentSettingsOf } from './refund-adjustments.settings.ts';

const DAY = 86_400_000;

export async function sweepCreditNotes(job: Pick<FlowJob, 'env' | 'goLive'>, backendId: number, now = new Date()): Promise<CheckOutcome[]> {
  const rt = await job.env.runtimes.get(backendId);
  const { mark, sweepDays } = refundAdjustmentSettingsOf(rt.backend.settings);
  const since = new Date(now.getTime() - sweepDays * DAY).toISOString().slice(0, 10);
  const ids = await creditNoteOutGateway(rt.erp).markedSince(mark, since);
  return ids.length ? checkCreditNotes(job, backendId, ids) : [];
}
