/**
 * The bytes of feed and report documents: the PUT of a feed's content to the presigned url createFeedDocument gave,
 * the GET of a processing report (gunzipped when Amazon says GZIP) and the streamed GET of a report. Sent through the backend's own agent, like every
 * SP-API call, so an endpoint override (a proxy, the sandbox) reaches the document store too. Not through the
 * client's upload()/download(): they lose the HTTP status (an expired url and a server fault must be told apart)
 * and upload() takes no timeout.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { PermanentError, RetryableError } from '../core/errors.ts';
import { judgeThrown } from './failure.ts';

const unzip = promisify(gunzip);

/** A document's bytes as they arrive (still compressed when Amazon compressed them), with the store's Content-Type. */
export interface OpenedDocument {
  body: Readable;
  contentType: string | undefined;
}

/** What the Feeds and Reports APIs need to move document bytes (tests may substitute their own). */
export interface DocumentTransfer {
  upload(url: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The document's text (UTF-8), gunzipped when `compression` is GZIP. */
  download(url: string, compression: 'GZIP' | undefined): Promise<string>;
  /** The document as a stream (a report too large to hold): the GET answered 2xx, its body not yet read. */
  open(url: string): Promise<OpenedDocument>;
}

/** The document transfer of one backend over its agent; `timeoutMs` bounds each request's silences. */
export function createDocumentTransfer(agent: https.Agent, timeoutMs: number): DocumentTransfer {
  return {
    async upload(url, bytes, contentType) {
      await readAll(await send(agent, timeoutMs, url, 'PUT', { 'content-type': contentType, 'content-length': String(bytes.length) }, bytes));
    },
    async download(url, compression) {
      const body = await readAll(await send(agent, timeoutMs, url, 'GET', {}, undefined));
      return (compression === 'GZIP' ? await unzip(body) : body).toString('utf8');
    },
    async open(url) {
      const res = await send(agent, timeoutMs, url, 'GET', {}, undefined);
      return { body: res, contentType: res.headers['content-type'] };
    },
  };
}

/** The whole body; a fault mid-way is classified like one before the answer. */
async function readAll(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of res) chunks.push(c as Buffer);
  } catch (e) {
    throw classified(e, 'document GET');
  }
  return Buffer.concat(chunks);
}

function classified(e: unknown, what: string): unknown {
  const verdict = judgeThrown(e);
  if (verdict.kind === 'retry') return new RetryableError(verdict.code, `${what}: ${(e as { code?: string }).code}`, { operation: what }, { cause: e });
  return e;
}

/** Sends the request; resolves with a 2xx answer whose body is unread, rejects with a classified error otherwise. */
async function send(agent: https.Agent, timeoutMs: number, url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<IncomingMessage> {
  const target = new URL(url);
  const what = `document ${method}`;
  let res: IncomingMessage;
  try {
    res = await new Promise<IncomingMessage>((resolve, reject) => {
      // An http: url (a plain store, the sandbox's) goes out without TLS; the agent still routes an override.
      const lib = target.protocol === 'http:' ? http : https;
      // No Authorization or x-amz-access-token: the url is pre-signed, and the store refuses other credentials.
      const req = lib.request(target, { method, headers, agent: target.protocol === 'http:' ? undefined : agent, timeout: timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(Object.assign(new Error(`${what} timed out`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  } catch (e) {
    throw classified(e, what);
  }
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  // The store's XML error says why (an expired url: a new document or a new get...Document cures it).
  const reason = /<Code>([^<]{1,80})<\/Code>/.exec((await readAll(res)).toString('utf8'))?.[1];
  const details = { operation: what, status, ...(reason ? { amazonCode: reason } : {}) };
  if (status === 403 || status === 408 || status === 429 || status >= 500) {
    throw new RetryableError(status === 408 ? 'AMAZON_TIMEOUT' : 'AMAZON_UNAVAILABLE', `${what}: HTTP ${status}`, details);
  }
  throw new PermanentError('AMAZON_INVALID_REQUEST', `${what}: HTTP ${status}`, details);
}
