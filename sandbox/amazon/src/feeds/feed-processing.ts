/**
 * Feeds move on over sandbox time: IN_QUEUE for the first third of the processing time, IN_PROGRESS until its end,
 * then DONE (messages applied, report written) or FATAL (unreadable document, unprocessed feed type). The processing
 * time is the option `feedProcessingSeconds` of Amazon time, divided by `timeScale`. Timers move feeds on by
 * themselves (so a cancellation reaches the orders unasked) and every read catches up first (so a pinned test
 * clock works too).
 */
import { gzipSync } from 'node:zlib';
import type { SandboxState } from '../state.ts';
import { flatAckMessages, xmlAckMessages, type AckMessage } from './acknowledgement-messages.ts';
import { flatFileReport } from './flat-file-report.ts';
import type { FeedRecord, MessageOutcome } from './feed-store.ts';
import { isProcessedFeedType } from './feed-types.ts';
import { processListingsFeed } from './listings-feed.ts';
import { applyAcknowledgement } from './order-cancellation.ts';
import { resultsOf, xmlProcessingReport } from './processing-report.ts';
import { processVatInvoice } from './vat-invoice.ts';
import { applyAdjustment, xmlAdjustmentMessages } from './payment-adjustment.ts';

interface Report { text: string; contentType: string }
const XML = 'text/xml; charset=UTF-8';

export class FeedProcessor {
  readonly #state: SandboxState;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(state: SandboxState) {
    this.#state = state;
  }

  /** The start and end times of a feed created now. */
  timesFor(nowMs: number): { startMs: number; endMs: number } {
    const total = (this.#state.opts.feedProcessingSeconds * 1000) / this.#state.opts.timeScale;
    return { startMs: nowMs + Math.round(total / 3), endMs: nowMs + Math.round(total) };
  }

  /** Arms the timers of a new feed. */
  schedule(feed: FeedRecord): void {
    for (const at of [feed.startMs, feed.endMs]) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        this.advance();
      }, Math.max(0, at - this.#state.now()) + 1);
      t.unref();
      this.#timers.add(t);
    }
  }

  /** Moves every feed whose time has come. */
  advance(): void {
    const now = this.#state.now();
    for (const feed of this.#state.feeds.feeds.values()) {
      if (feed.status === 'IN_QUEUE' && feed.startMs <= now) {
        feed.status = 'IN_PROGRESS';
        feed.processingStartMs = feed.startMs;
      }
      if (feed.status === 'IN_PROGRESS' && feed.endMs <= now) this.#finish(feed);
    }
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #finish(feed: FeedRecord): void {
    const doc = this.#state.feeds.documents.get(feed.inputFeedDocumentId)!;
    const bytes = doc.bytes ?? Buffer.alloc(0);
    let report: Report;
    try {
      if (!isProcessedFeedType(feed.feedType)) throw new Error(`The feed type ${feed.feedType} is not supported by this sandbox.`);
      report = this.#process(feed, bytes);
      feed.status = 'DONE';
    } catch (err) {
      feed.status = 'FATAL';
      feed.fatalReason = (err as Error).message;
      report = this.#fatalReport(feed, feed.fatalReason);
    }
    feed.processingEndMs = feed.endMs;
    const store = this.#state.feeds;
    const seller = this.#state.sellers.get(feed.sellerId)!;
    const result = store.newDocument(feed.sellerId, report.contentType, feed.endMs, seller.region);
    const gzip = this.#state.opts.feedReportCompression === 'GZIP';
    result.bytes = gzip ? gzipSync(Buffer.from(report.text, 'utf8')) : Buffer.from(report.text, 'utf8');
    result.uploadedContentType = report.contentType;
    result.uploadedMs = feed.endMs;
    result.report = true;
    if (gzip) result.compression = 'GZIP';
    feed.resultFeedDocumentId = result.feedDocumentId;
  }

  #process(feed: FeedRecord, bytes: Buffer): Report {
    const s = this.#state;
    const now = feed.endMs;
    switch (feed.feedType) {
      case 'POST_ORDER_ACKNOWLEDGEMENT_DATA':
      case 'POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA': {
        const flat = feed.feedType === 'POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA';
        const text = bytes.toString('utf8');
        const messages = flat ? flatAckMessages(text) : xmlAckMessages(text);
        feed.messages = messages.map((m) => outcome(m, applyAcknowledgement(s.store, feed.sellerId, m, now)));
        const byId = new Map(messages.map((m) => [m.messageId, m.amazonOrderId]));
        return flat ? { text: flatFileReport(feed.messages), contentType: 'text/plain; charset=UTF-8' }
          : { text: xmlProcessingReport(feed.sellerId, feed.feedId, messages.length, resultsOf(feed.messages, (o) => byId.get(o.messageId))), contentType: XML };
      }
      case 'UPLOAD_VAT_INVOICE': {
        const o = processVatInvoice(feed, bytes, s.store, s.feeds, now);
        feed.messages = [o];
        const orderId = feed.feedOptions?.['metadata:orderid'];
        return { text: xmlProcessingReport(feed.sellerId, feed.feedId, 1, resultsOf([o], () => orderId)), contentType: XML };
      }
      case 'POST_PAYMENT_ADJUSTMENT_DATA': {
        const messages = xmlAdjustmentMessages(bytes.toString('utf8'));
        feed.messages = messages.map((m) => {
          const r = applyAdjustment(s.store, s.transactions, s.catalogue, feed.sellerId, m, now);
          return r.ok ? { messageId: m.messageId, message: m.raw, result: 'accepted' as const }
            : { messageId: m.messageId, message: m.raw, result: 'error' as const, code: r.code, description: r.description };
        });
        // The refunds just posted are announced (TRANSACTION_UPDATE) as any other refund.
        s.announcer.sweep();
        return { text: xmlProcessingReport(feed.sellerId, feed.feedId, messages.length, resultsOf(feed.messages, () => undefined)), contentType: XML };
      }
      case 'JSON_LISTINGS_FEED': {
        const r = processListingsFeed(feed, bytes.toString('utf8'), s.listings);
        feed.messages = r.outcomes;
        return { text: JSON.stringify(r.report), contentType: 'application/json' };
      }
    }
    throw new Error(`The feed type ${feed.feedType} is not supported by this sandbox.`);
  }

  /** A FATAL feed's report, in its type's format, saying why. */
  #fatalReport(feed: FeedRecord, reason: string): Report {
    if (feed.feedType === 'JSON_LISTINGS_FEED') {
      return { contentType: 'application/json', text: JSON.stringify({ header: { sellerId: feed.sellerId, version: '2.0', feedId: feed.feedId },
        issues: [{ code: '4000000', severity: 'ERROR', message: reason }],
        summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 } }) };
    }
    if (feed.feedType.startsWith('POST_FLAT_FILE_')) {
      return { contentType: 'text/plain; charset=UTF-8', text: `Feed Processing Summary:\n\tNumber of records processed\t\t0\n\tNumber of records successful\t\t0\n\nFatal error: ${reason.replace(/\s+/g, ' ')}\n` };
    }
    return { contentType: XML, text: xmlProcessingReport(feed.sellerId, feed.feedId, 0,
      [{ messageId: '0', resultCode: 'Error', code: '5001', description: `Fatal error, the feed could not be processed: ${reason}` }]) };
  }
}

function outcome(m: AckMessage, r: { ok: true } | { ok: false; code: string; description: string }): MessageOutcome {
  return r.ok ? { messageId: m.messageId, message: m.raw, result: 'accepted' }
    : { messageId: m.messageId, message: m.raw, result: 'error', code: r.code, description: r.description };
}
