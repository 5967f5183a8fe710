/** Feeds over plain HTTP (any Host header, raw bytes): for tests on a pinned clock, without the client's own logic. */
import http from 'node:http';
import type { AmazonSandbox } from '../../src/index.ts';
import { accessToken, call, type Answer } from './http-client.ts';

export const EU_HOST = 'sellingpartnerapi-eu.amazon.com';

/** Sends raw bytes to a document URL (its host kept in the Host header), as S3 would receive them. */
export function documentRequest(port: number, url: string, method: 'PUT' | 'GET', body?: Buffer | string, contentType?: string):
  Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: u.pathname + u.search,
      headers: { host: u.host, ...(contentType ? { 'content-type': contentType } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A seller's Feeds API over HTTP. */
export async function feedsApi(sb: AmazonSandbox, sellerIndex = 0) {
  const token = await accessToken(sb.port, sb.sellers[sellerIndex]!);
  const host = sb.sellers[sellerIndex]!.region === 'eu' ? EU_HOST : 'sellingpartnerapi-na.amazon.com';
  const api = (method: string, path: string, json?: unknown): Promise<Answer> =>
    call(sb.port, { method, path: `/feeds/2021-06-30${path}`, host, token, json });
  /** createFeedDocument + upload; the document id. */
  const upload = async (content: Buffer | string, contentType: string): Promise<string> => {
    const d = await api('POST', '/documents', { contentType });
    if (d.status !== 201) throw new Error(`createFeedDocument ${d.status}: ${d.text}`);
    const { feedDocumentId, url } = d.body as { feedDocumentId: string; url: string };
    const put = await documentRequest(sb.port, url, 'PUT', content, contentType);
    if (put.status !== 200) throw new Error(`upload ${put.status}: ${put.bytes.toString()}`);
    return feedDocumentId;
  };
  /** Upload + createFeed; the answer of createFeed. */
  const submit = async (feedType: string, marketplaceIds: string[], content: Buffer | string, contentType: string,
    feedOptions?: Record<string, string>): Promise<Answer> =>
    api('POST', '/feeds', { feedType, marketplaceIds, inputFeedDocumentId: await upload(content, contentType), ...(feedOptions ? { feedOptions } : {}) });
  /** The text of a feed's processing report (gunzipped when needed). */
  const report = async (feedId: string): Promise<string> => {
    const f = await api('GET', `/feeds/${feedId}`);
    const doc = await api('GET', `/documents/${(f.body as { resultFeedDocumentId: string }).resultFeedDocumentId}`);
    const got = await documentRequest(sb.port, (doc.body as { url: string }).url, 'GET');
    return got.bytes.toString('utf8');
  };
  return { api, upload, submit, report, token, host };
}
