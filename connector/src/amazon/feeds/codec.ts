/**
 * What each feed type knows (one file per type, a registry by type in index.ts): how many messages one feed may
 * carry, the document's content type, the body schema a flow's message must match (checked when it is queued), how
 * a batch becomes the document's bytes (and feedOptions), and how the processing report reads back per message.
 */
import type { TSchema } from 'typebox';

/** One queued message as the encoder gets it: `ref` is its MessageID in the feed (1..n, what the report names). */
export interface MessageToEncode {
  ref: number;
  body: Record<string, unknown>;
  attachment?: Buffer | null;
}

export interface EncodedFeed {
  bytes: Buffer;
  contentType: string;
  /** The model's `feedOptions` (string values), e.g. an invoice's metadata. */
  feedOptions?: Record<string, string>;
}

/** The outcome of one message read from the report: an Error rejects it, Warnings alone accept it. */
export interface MessageOutcome {
  outcome: 'accepted' | 'rejected';
  code: string | null;
  message: string | null;
}

/** Counts the report gives (the same four for every format; absent ones are null). */
export interface ReportSummary {
  processed: number | null;
  successful: number | null;
  errors: number | null;
  warnings: number | null;
}

/**
 * A processing report read back. `byRef`: the messages the report named; `others`: the outcome of every message it
 * did not name (accepted in a complete report; rejected when a feed-level error names none, e.g. a malformed document).
 */
export interface ParsedReport {
  summary: ReportSummary;
  byRef: Map<number, MessageOutcome>;
  others: MessageOutcome;
}

export interface FeedCodec {
  feedType: string;
  /** At most this many messages in one feed (1 for a document per invoice). */
  maxMessages: number;
  /** The TypeBox schema of a message body (a flow's body is checked against it when queued). */
  body: TSchema;
  /** Extra rules the schema cannot say (e.g. which fields an operation needs): problems, empty when fine. */
  check?(body: Record<string, unknown>): string[];
  /** Needs the message's attachment (the document is the attachment itself). */
  attachment?: boolean;
  encode(messages: readonly MessageToEncode[], ctx: { sellerId: string }): EncodedFeed;
  parseReport(text: string): ParsedReport;
}

/** The outcome of message `ref` in a parsed report. */
export function outcomeOf(report: ParsedReport, ref: number): MessageOutcome {
  return report.byRef.get(ref) ?? report.others;
}

/** Keeps the worst of two outcomes of one message (an Error beats a Warning; the first of equals stays). */
export function worse(a: MessageOutcome | undefined, b: MessageOutcome): MessageOutcome {
  if (!a) return b;
  return a.outcome === 'accepted' && b.outcome === 'rejected' ? b : a;
}
