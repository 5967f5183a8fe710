/**
 * The SQS client of one channel. With the connector's Amazon endpoint override set (a proxy-like setting, see
 * amazon/endpoint-override.ts) SQS goes through the same loopback agent as the SP-API: the queue URL stays the
 * real `https://sqs.<region>.amazonaws.com/...` and the request keeps that Host, on which the receiving server
 * routes. An explicit `sqsEndpoint` (an SQS-compatible service) is used as it is, without the override.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { LoopbackAgent, type EndpointOverride } from '../../../amazon/endpoint-override.ts';
import type { AwsKeys, Channel } from './channel-store.ts';

/** The long poll (20 s, SQS's maximum) plus room for the answer. */
const REQUEST_TIMEOUT_MS = 30_000;

export function sqsClientFor(channel: Channel, keys: AwsKeys, override: EndpointOverride | null): SQSClient {
  const viaOverride = override && !channel.sqsEndpoint;
  return new SQSClient({
    region: channel.awsRegion,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    ...(channel.sqsEndpoint ? { endpoint: channel.sqsEndpoint } : {}),
    // The reader retries with its own backoff (and must hear its stop signal between attempts).
    maxAttempts: 1,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, ...(viaOverride ? { httpsAgent: new LoopbackAgent(override) } : {}) },
  });
}
