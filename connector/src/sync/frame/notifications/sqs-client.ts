/**
 * The SQS queue of one channel, as the reader uses it. With the connector's Amazon endpoint override set (a
 * proxy-like setting, see amazon/endpoint-override.ts) SQS goes through the same loopback agent as the SP-API: the
 * queue URL stays the real `https://sqs.<region>.amazonaws.com/...` and the request keeps that Host, on which the
 * receiving server routes. An explicit `sqsEndpoint` (an SQS-compatible service) is used as it is, without the
 * override. The AWS SDK is imported on first use: most installations have no channel, and every process (and
 * test file) that loads the flow list would otherwise pay for loading it.
 */
import type * as Sqs from '@aws-sdk/client-sqs';
import { LoopbackAgent, type EndpointOverride } from '../../../amazon/endpoint-override.ts';
import type { AwsKeys, Channel } from './channel-store.ts';

/** The long poll (20 s, SQS's maximum) plus room for the answer. */
const REQUEST_TIMEOUT_MS = 30_000;

/** One channel's queue: what the reader calls. */
export interface SqsQueue {
  /** One (long) poll: up to `max` messages; ends at once when `signal` fires. */
  receive(max: number, waitTimeSeconds: number, signal: AbortSignal): Promise<Sqs.Message[]>;
  deleteBatch(entries: ReadonlyArray<{ Id: string; ReceiptHandle: string }>): Promise<void>;
  destroy(): void;
}

let sdk: Promise<typeof Sqs> | undefined;

export async function sqsQueueFor(channel: Channel, keys: AwsKeys, override: EndpointOverride | null): Promise<SqsQueue> {
  const { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } = await (sdk ??= import('@aws-sdk/client-sqs'));
  const viaOverride = override && !channel.sqsEndpoint;
  const client = new SQSClient({
    region: channel.awsRegion,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    ...(channel.sqsEndpoint ? { endpoint: channel.sqsEndpoint } : {}),
    // The reader retries with its own backoff (and must hear its stop signal between attempts).
    maxAttempts: 1,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, ...(viaOverride ? { httpsAgent: new LoopbackAgent(override) } : {}) },
  });
  const QueueUrl = channel.queueUrl;
  return {
    async receive(max, waitTimeSeconds, signal) {
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitTimeSeconds }), { abortSignal: signal });
      return got.Messages ?? [];
    },
    async deleteBatch(entries) {
      await client.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [...entries] }));
    },
    destroy: () => client.destroy(),
  };
}
