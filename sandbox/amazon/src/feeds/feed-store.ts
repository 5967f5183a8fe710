/**
 * What the Feeds API holds per seller: documents (the seller's uploads and Amazon's processing reports), feeds
 * and their processing times, and what processed feeds left behind (VAT invoices per order; listing quantities live in `listings/`).
 * Ids are unique per sandbox (Amazon: "unique only in combination with a seller ID"); every lookup checks the seller.
 */
import { randomUUID } from 'node:crypto';

export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';

export interface FeedDocumentRecord {
  feedDocumentId: string;
  sellerId: string;
  /** The content type given to createFeedDocument (input) or Amazon's (report). */
  contentType: string;
  /** Absent until uploaded (input documents). */
  bytes?: Buffer;
  /** Content type the upload was sent with. */
  uploadedContentType?: string;
  uploadedMs?: number;
  createdMs: number;
  /** A processing report written by Amazon (never an input, never uploaded to). */
  report?: true;
  /** Reports may be stored gzip-compressed (option feedReportCompression). */
  compression?: 'GZIP';
}

/** What a processor decided about one message of a feed (admin read-back). */
export interface MessageOutcome {
  messageId: string;
  /** The message as parsed (XML elements, flat-file row, JSON message). */
  message: unknown;
  result: 'accepted' | 'error' | 'warning';
  code?: string;
  description?: string;
}

export interface FeedRecord {
  feedId: string;
  sellerId: string;
  feedType: string;
  marketplaceIds: string[];
  feedOptions?: Record<string, string>;
  inputFeedDocumentId: string;
  createdMs: number;
  /** When it leaves IN_QUEUE and when it ends (sandbox clock), fixed at creation. */
  startMs: number;
  endMs: number;
  status: ProcessingStatus;
  processingStartMs?: number;
  processingEndMs?: number;
  resultFeedDocumentId?: string;
  messages?: MessageOutcome[];
  /** Why a feed ended FATAL. */
  fatalReason?: string;
}

export interface StoredInvoice {
  feedId: string;
  invoiceNumber: string;
  documentType: string;
  totalAmount: string;
  totalVatAmount: string;
  marketplaceId: string;
  receivedAt: string;
  pdf: Buffer;
}

export class FeedStore {
  readonly documents = new Map<string, FeedDocumentRecord>();
  readonly feeds = new Map<string, FeedRecord>();
  /** Per order id: the VAT invoices / credit notes UPLOAD_VAT_INVOICE accepted. */
  readonly invoices = new Map<string, StoredInvoice[]>();
  // From the wall clock (ms), not a constant: a restarted sandbox (the demo keeps the connector's database across
  // runs) must not hand out a feed id it gave before, which a client rightly takes as the same feed.
  #nextFeed = Date.now();

  newDocument(sellerId: string, contentType: string, nowMs: number, region: string): FeedDocumentRecord {
    // Amazon's ids look like amzn1.tortuga.4.eu.<uuid>.<suffix>.
    const id = `amzn1.tortuga.4.${region}.${randomUUID()}.T${randomUUID().slice(0, 12).replace(/-/g, '').toUpperCase()}`;
    const doc: FeedDocumentRecord = { feedDocumentId: id, sellerId, contentType, createdMs: nowMs };
    this.documents.set(id, doc);
    return doc;
  }

  document(sellerId: string, id: string): FeedDocumentRecord | undefined {
    const d = this.documents.get(id);
    return d && d.sellerId === sellerId ? d : undefined;
  }

  newFeed(f: Omit<FeedRecord, 'feedId' | 'status'>): FeedRecord {
    const feed: FeedRecord = { ...f, feedId: String(this.#nextFeed++), status: 'IN_QUEUE' };
    this.feeds.set(feed.feedId, feed);
    return feed;
  }

  feed(sellerId: string, id: string): FeedRecord | undefined {
    const f = this.feeds.get(id);
    return f && f.sellerId === sellerId ? f : undefined;
  }

  /** A seller's feeds, newest first (getFeeds order). */
  feedsOf(sellerId: string): FeedRecord[] {
    return [...this.feeds.values()].filter((f) => f.sellerId === sellerId)
      .sort((a, b) => b.createdMs - a.createdMs || Number(b.feedId) - Number(a.feedId));
  }

  clear(): void {
    this.documents.clear();
    this.feeds.clear();
    this.invoices.clear();
  }
}
