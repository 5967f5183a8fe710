/**
 * Reports per seller (Reports API 2021-06-30): what was requested, its processing times and outcome. Documents live
 * in the Feeds store's document map (one signed-URL document store serves both APIs, as Amazon's S3 does), flagged
 * as Amazon's (`report: true`). Ids are unique per sandbox; every lookup checks the seller.
 */
import type { ProcessingStatus } from '../feeds/feed-store.ts';

export interface ReportRecord {
  reportId: string;
  sellerId: string;
  reportType: string;
  marketplaceIds: string[];
  reportOptions?: Record<string, string>;
  dataStartMs: number;
  dataEndMs: number;
  createdMs: number;
  startMs: number;
  endMs: number;
  status: ProcessingStatus;
  processingStartMs?: number;
  processingEndMs?: number;
  reportDocumentId?: string;
  /** Admin read-back: data rows written, or why it ended FATAL. */
  rows?: number;
  fatalReason?: string;
}

export class ReportStore {
  readonly reports = new Map<string, ReportRecord>();
  // From the wall clock, as feed ids: a restarted sandbox must not hand out a report id it gave before.
  #next = Date.now() * 10;

  newReport(r: Omit<ReportRecord, 'reportId' | 'status'>): ReportRecord {
    const report: ReportRecord = { ...r, reportId: String(this.#next++), status: 'IN_QUEUE' };
    this.reports.set(report.reportId, report);
    return report;
  }

  report(sellerId: string, id: string): ReportRecord | undefined {
    const r = this.reports.get(id);
    return r && r.sellerId === sellerId ? r : undefined;
  }

  /** A seller's reports (every seller's without one), newest first (getReports order). */
  reportsOf(sellerId?: string): ReportRecord[] {
    return [...this.reports.values()].filter((r) => sellerId === undefined || r.sellerId === sellerId)
      .sort((a, b) => b.createdMs - a.createdMs || Number(b.reportId) - Number(a.reportId));
  }

  clear(): void {
    this.reports.clear();
  }
}
