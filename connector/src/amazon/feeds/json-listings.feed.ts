/**
 * `JSON_LISTINGS_FEED` (listings-feed-schema-v2.json): `{ header: { sellerId, version: "2.0" }, messages: [{ messageId,
 * sku, operationType, productType?, requirements?, attributes?, patches? }] }`, up to 25,000 messages. The report
 * (listings-feed-processing-report-schema-v2.json) lists `issues` by messageId with a severity: an ERROR rejects
 * the message, WARNINGs alone accept it; a message without issues was accepted, unless an ERROR names no message
 * (the document itself could not be read).
 */
import { Type, type Static } from 'typebox';
import { PermanentError } from '../../core/errors.ts';
import { worse, type FeedCodec, type MessageOutcome, type ParsedReport } from './codec.ts';

/** A message body: the schema's message without `messageId` (the encoder numbers them). */
export const ListingsMessageBody = Type.Object(
  {
    sku: Type.String({ minLength: 1 }),
    operationType: Type.Union([Type.Literal('UPDATE'), Type.Literal('PARTIAL_UPDATE'), Type.Literal('PATCH'), Type.Literal('DELETE')]),
    productType: Type.Optional(Type.String({ minLength: 1 })),
    requirements: Type.Optional(Type.Union([Type.Literal('LISTING'), Type.Literal('LISTING_PRODUCT_ONLY'), Type.Literal('LISTING_OFFER_ONLY')])),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { minProperties: 1 })),
    patches: Type.Optional(
      Type.Array(
        Type.Object(
          {
            op: Type.Union([Type.Literal('add'), Type.Literal('replace'), Type.Literal('merge'), Type.Literal('delete')]),
            path: Type.String({ minLength: 1 }),
            value: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ListingsMessageBody = Static<typeof ListingsMessageBody>;

/** The schema's `oneOf` per operation type: what each needs and what it must not carry. */
const RULES: Record<ListingsMessageBody['operationType'], { needs: string[]; refuses: string[] }> = {
  UPDATE: { needs: ['productType', 'attributes'], refuses: ['patches'] },
  PARTIAL_UPDATE: { needs: ['productType', 'attributes'], refuses: ['requirements', 'patches'] },
  PATCH: { needs: ['productType', 'patches'], refuses: ['requirements', 'attributes'] },
  DELETE: { needs: [], refuses: ['requirements', 'attributes', 'productType', 'patches'] },
};

type Issue = { messageId?: unknown; code?: unknown; severity?: unknown; message?: unknown };
const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);

export function parseListingsReport(text: string): ParsedReport {
  let doc: { summary?: Record<string, unknown>; issues?: Issue[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new PermanentError('FEED_REPORT_UNREADABLE', 'listings processing report: not JSON');
  }
  if (!doc || typeof doc !== 'object' || !doc.summary) throw new PermanentError('FEED_REPORT_UNREADABLE', 'listings processing report: no summary');
  const s = doc.summary;
  const byRef = new Map<number, MessageOutcome>();
  let documentError: MessageOutcome | undefined;
  for (const issue of Array.isArray(doc.issues) ? doc.issues : []) {
    const ref = num(issue.messageId);
    const outcome: MessageOutcome = {
      outcome: issue.severity === 'ERROR' ? 'rejected' : 'accepted',
      code: typeof issue.code === 'string' ? issue.code : null,
      message: typeof issue.message === 'string' ? issue.message.slice(0, 1000) : null,
    };
    // An issue naming no message is about the whole document (it could not be read): every message unnamed fails.
    if (ref === null) documentError = worse(documentError, outcome);
    else byRef.set(ref, worse(byRef.get(ref), outcome));
  }
  return {
    summary: { processed: num(s.messagesProcessed), successful: num(s.messagesAccepted), errors: num(s.errors), warnings: num(s.warnings) },
    byRef,
    others: documentError?.outcome === 'rejected' ? documentError : { outcome: 'accepted', code: null, message: null },
  };
}

export const jsonListingsFeed: FeedCodec = {
  feedType: 'JSON_LISTINGS_FEED',
  maxMessages: 25_000,
  body: ListingsMessageBody,
  check(body) {
    const rule = RULES[(body as ListingsMessageBody).operationType];
    return [
      ...rule.needs.filter((f) => body[f] === undefined).map((f) => `${f} is required for ${String(body.operationType)}`),
      ...rule.refuses.filter((f) => body[f] !== undefined).map((f) => `${f} is not allowed for ${String(body.operationType)}`),
    ];
  },
  encode(messages, { sellerId }) {
    const doc = { header: { sellerId, version: '2.0' }, messages: messages.map(({ ref, body }) => ({ messageId: ref, ...body })) };
    return { bytes: Buffer.from(JSON.stringify(doc), 'utf8'), contentType: 'application/json; charset=UTF-8' };
  },
  parseReport: parseListingsReport,
};
