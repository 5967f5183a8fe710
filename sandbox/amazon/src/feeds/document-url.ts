/**
 * Pre-signed document URLs, shaped like Amazon's (S3 host of the seller's region, `X-Amz-*` query): a PUT URL for
 * an upload, a GET URL for a download. They are signed with a secret of this sandbox (HMAC-SHA256 over method,
 * document id and time) and expire after 5 minutes, as the model says. The host is not Amazon's SP-API host, so the
 * sandbox serves it as the document store (any non-Amazon host does: 127.0.0.1:port works too).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const AWS_REGION: Record<string, string> = { na: 'us-east-1', eu: 'eu-west-1', fe: 'us-west-2' };
export const URL_TTL_SECONDS = 300;
export const DOCUMENT_PATH = '/NinetyDays/';

export class DocumentUrls {
  readonly #secret = randomBytes(32);

  /** A URL for `method` on the document, valid for 5 minutes from `nowMs`. */
  sign(method: 'PUT' | 'GET', region: string, feedDocumentId: string, nowMs: number, extra: Record<string, string> = {}): string {
    const date = new Date(nowMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const host = `tortuga-prod-${region}.s3-${AWS_REGION[region] ?? 'eu-west-1'}.amazonaws.com`;
    const q = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': date,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Expires': String(URL_TTL_SECONDS),
      'X-Amz-Credential': `AKIASANDBOXDOCSTORE/${date.slice(0, 8)}/${AWS_REGION[region] ?? 'eu-west-1'}/s3/aws4_request`,
      ...extra,
    });
    q.set('X-Amz-Signature', this.#mac(method, feedDocumentId, date, extra));
    return `https://${host}${DOCUMENT_PATH}${encodeURIComponent(feedDocumentId)}?${q.toString()}`;
  }

  /** Why a request on the document is refused (S3's error code), or null when the signature and time are good. */
  check(method: 'PUT' | 'GET', feedDocumentId: string, query: Record<string, string | undefined>, nowMs: number,
    extraKeys: readonly string[] = []): { code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string } | null {
    const date = query['X-Amz-Date'];
    const sig = query['X-Amz-Signature'];
    if (!date || !sig) return { code: 'AccessDenied', message: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters' };
    const extra = Object.fromEntries(extraKeys.filter((k) => query[k] !== undefined).map((k) => [k, query[k]!]));
    const want = Buffer.from(this.#mac(method, feedDocumentId, date, extra));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    }
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    const signedMs = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
    if (!(nowMs <= signedMs + URL_TTL_SECONDS * 1000)) return { code: 'AccessDenied', message: 'Request has expired' };
    return null;
  }

  #mac(method: string, id: string, date: string, extra: Record<string, string>): string {
    const tail = Object.keys(extra).sort().map((k) => `${k}=${extra[k]}`).join('&');
    return createHmac('sha256', this.#secret).update(`${method}\n${id}\n${date}\n${tail}`).digest('hex');
  }
}
