/**
 * The bytes of feed documents: the PUT of a feed's content to the presigned url createFeedDocument gave, and the
 * GET of a processing report (gunzipped when Amazon says GZIP). Sent through the backend's own agent, like every
 * SP-API call, so an endpoint override (a proxy, the sandbox) reaches the document store too. Not through the
 * client's upload()/download(): they lose the HTTP status (an expired url and a server fault must be told apart)
 * and upload() takes no timeout.
 */
import http from 'node:http';
import https from 'node:https';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { PermanentError, RetryableError } from '../core/errors.ts';
import { judgeThrown } from './failure.ts';

const unzip = promisify(gunzip);

/** What the Feeds API needs to move document bytes (tests may substitute their own). */
export interface DocumentTransfer {
  upload(url: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The document's text (UTF-8), gunzipped when `compression` is GZIP. */
  download(url: string, compression: 'GZIP' | undefined): Promise<string>;
}

/** The document transfer of one backend over its agent; `timeoutMs` bounds each request as a whole. */
export function createDocumentTransfer(agent: https.Agent, timeoutMs: number): DocumentTransfer {
  return {
    async upload(url, bytes, contentType) {
      await send(agent, timeoutMs, url, 'PUT', { 'content-type': contentType, 'content-length': String(bytes.length) }, bytes);
    },
    async download(url, compression) {
      const body = await send(agent, timeoutMs, url, 'GET', {}, undefined);
      return (compression === 'GZIP' ? await unzip(body) : body).toString('utf8');
    },
  };
}

async function send(agent: https.Agent, timeoutMs: number, url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Buffer> {
  const target = new URL(url);
  const what = `feed document ${method}`;
  let status: number;
  let answer: Buffer;
  try {
    ({ status, answer } = await new Promise<{ status: number; answer: Buffer }>((resolve, reject) => {
      // An http: url (a plain store, the sandbox's) goes out without TLS; the agent still routes an override.
      const lib = target.protocol === 'http:' ? http : https;
      const req = lib.request(target, { method, headers, agent: target.protocol === 'http:' ? undefined : agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, answer: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`${what} timed out`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    }));
  } catch (e) {
    const verdict = judgeThrown(e);
    if (verdict.kind === 'retry') throw new RetryableError(verdict.code, `${what}: ${(e as { code?: string }).code}`, { operation: what }, { cause: e });
    throw e;
  }
  if (status >= 200 && status < 300) return answer;
  // The store's XML error says why (an expired url: a new document or a new getFeedDocument cures it).
  const reason = /<Code>([^<]{1,80})<\/Code>/.exec(answer.toString('utf8'))?.[1];
  const details = { operation: what, status, ...(reason ? { amazonCode: reason } : {}) };
  if (status === 403 || status === 408 || status === 429 || status >= 500) {
    throw new RetryableError(status === 408 ? 'AMAZON_TIMEOUT' : 'AMAZON_UNAVAILABLE', `${what}: HTTP ${status}`, details);
  }
  throw new PermanentError('AMAZON_INVALID_REQUEST', `${what}: HTTP ${status}`, details);
}
