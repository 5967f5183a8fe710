/** Which Amazon service a request is for, from its Host header (the loopback agent keeps Amazon's host names). */
import type { Region } from '../config.ts';

export type HostTarget =
  | { kind: 'lwa' }
  | { kind: 'sp-api'; region: Region; sandbox: boolean }
  /** Amazon SQS of an AWS region (`sqs.eu-west-1.amazonaws.com`): AWS JSON 1.0 on `POST /`. */
  | { kind: 'sqs'; awsRegion: string }
  /** Any other host (127.0.0.1:port...): the production API of the configured region, LWA and the admin API. */
  | { kind: 'direct'; region: Region | undefined };

const SP_API = /^(sandbox\.)?sellingpartnerapi-(na|eu|fe)\.amazon\.com$/;
const SQS = /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/;

/** Classifies a Host header value (port and letter case ignored). */
export function classifyHost(host: string | undefined, directRegion: Region | undefined): HostTarget {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (name === 'api.amazon.com') return { kind: 'lwa' };
  const m = SP_API.exec(name);
  if (m) return { kind: 'sp-api', region: m[2] as Region, sandbox: Boolean(m[1]) };
  const q = SQS.exec(name);
  if (q) return { kind: 'sqs', awsRegion: q[1]! };
  return { kind: 'direct', region: directRegion };
}
