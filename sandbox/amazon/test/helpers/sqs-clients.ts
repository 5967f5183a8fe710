/**
 * The real `@aws-sdk/client-sqs`, two ways: on AWS's host names through a loopback https agent (no endpoint: the
 * SDK talks to `sqs.<region>.amazonaws.com` and to each QueueUrl's host), and with `endpoint` set to the sandbox.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AmazonSandbox } from '../../src/index.ts';
import { LoopbackAgent } from './loopback-agent.ts';

export function sqsClients(sb: AmazonSandbox, accessKeyId = sb.sqs.credentials.accessKeyId,
  secretAccessKey = sb.sqs.credentials.secretAccessKey): { viaHost: SQSClient; viaEndpoint: SQSClient } {
  const base = { region: sb.sqs.region, maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey } };
  return {
    viaHost: new SQSClient({ ...base, requestHandler: { httpsAgent: new LoopbackAgent(sb.port), requestTimeout: 30_000 } }),
    viaEndpoint: new SQSClient({ ...base, endpoint: sb.url, requestHandler: { requestTimeout: 30_000 } }),
  };
}
