/**
 * AWS Signature Version 4 as SQS checks it: the access key id must be the sandbox's, and the signature must be the
 * one its secret gives for this very request (method, path, query, signed headers, body hash).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SQS_ERRORS, type SqsError } from './sqs-errors.ts';

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(url: string): string {
  const q = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  if (!q) return '';
  return q.split('&').map((p) => {
    const [k = '', v = ''] = p.split('=');
    return [encode(decodeURIComponent(k)), encode(decodeURIComponent(v))] as const;
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
}

/** Undefined when the request is signed with the configured key; else the error SQS answers. */
export function checkSigV4(req: FastifyRequest, rawBody: string, creds: { accessKeyId: string; secretAccessKey: string }):
  SqsError | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header === '') return SQS_ERRORS.missingToken();
  const m = AUTH.exec(header.trim());
  if (!m) return SQS_ERRORS.badSignature();
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== creds.accessKeyId) return SQS_ERRORS.badClientToken();
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !amzDate.startsWith(date!)) return SQS_ERRORS.badSignature();
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names.map((n) => {
    const v = req.headers[n];
    const value = Array.isArray(v) ? v.join(',') : (v ?? '');
    return `${n}:${String(value).trim().replace(/\s+/g, ' ')}\n`;
  }).join('');
  const path = req.url.split('?')[0] || '/';
  const bodyHash = typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : sha256(rawBody);
  const canonical = [req.method, path, canonicalQuery(req.url), canonicalHeaders, signedHeaders, bodyHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date!), region!), service!), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(toSign, 'utf8').digest('hex'));
  const given = Buffer.from(signature!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : SQS_ERRORS.badSignature();
}
