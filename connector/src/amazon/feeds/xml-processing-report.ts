/**
 * Amazon's XML processing report (shared by the XML feeds: order acknowledgement, VAT invoice upload):
 * `AmazonEnvelope / Message / ProcessingReport { StatusCode, ProcessingSummary, Result* }`. A Result names its
 * message by MessageID with ResultCode Error or Warning; a message without a Result succeeded. A Result with
 * MessageID 0 (or none) is about the whole document (it could not be read): then every message unnamed is rejected.
 */
import { XMLParser } from 'fast-xml-parser';
import { PermanentError } from '../../core/errors.ts';
import { worse, type MessageOutcome, type ParsedReport } from './codec.ts';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // These may appear once or many times: always read as arrays.
  isArray: (name) => name === 'Result' || name === 'Message',
  processEntities: true,
});

type Node = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const count = (v: unknown): number | null => (text(v) !== null && /^\d+$/.test(text(v)!) ? Number(text(v)) : null);

/** Reads an XML processing report; a document that is not one fails with FEED_REPORT_UNREADABLE. */
export function parseXmlProcessingReport(xml: string): ParsedReport {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new PermanentError('FEED_REPORT_UNREADABLE', `processing report: not XML (${(e as Error).message.slice(0, 120)})`);
  }
  const envelope = doc.AmazonEnvelope as Node | undefined;
  const report = ((envelope?.Message as Node[] | undefined)?.[0]?.ProcessingReport ?? undefined) as Node | undefined;
  if (!report) throw new PermanentError('FEED_REPORT_UNREADABLE', 'processing report: no AmazonEnvelope/Message/ProcessingReport');
  const s = (report.ProcessingSummary ?? {}) as Node;
  const summary = {
    processed: count(s.MessagesProcessed),
    successful: count(s.MessagesSuccessful),
    errors: count(s.MessagesWithError),
    warnings: count(s.MessagesWithWarning),
  };
  const byRef = new Map<number, MessageOutcome>();
  let documentError: MessageOutcome | undefined;
  for (const r of (report.Result as Node[] | undefined) ?? []) {
    const outcome: MessageOutcome = {
      outcome: text(r.ResultCode) === 'Error' ? 'rejected' : 'accepted',
      code: text(r.ResultMessageCode),
      message: text(r.ResultDescription)?.slice(0, 1000) ?? null,
    };
    const ref = count(r.MessageID);
    if (!ref) documentError = worse(documentError, outcome);
    else byRef.set(ref, worse(byRef.get(ref), outcome));
  }
  const others: MessageOutcome = documentError?.outcome === 'rejected' ? documentError : { outcome: 'accepted', code: null, message: null };
  return { summary, byRef, others };
}
