import {
  ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, DeleteMessageCommand, GetQueueAttributesCommand,
  GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { call } from './helpers/http-client.ts';
import { sqsClients } from './helpers/sqs-clients.ts';

let sb: AmazonSandbox;
let viaHost: SQSClient;
let viaEndpoint: SQSClient;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, sqsDuplicateRate: 0 });
  ({ viaHost, viaEndpoint } = sqsClients(sb));
});
afterAll(async () => {
  viaHost.destroy();
  viaEndpoint.destroy();
  await sb.close();
});

const QueueUrl = () => sb.sqs.queueUrl();
const send = (c: SQSClient, body: string) => c.send(new SendMessageCommand({ QueueUrl: QueueUrl(), MessageBody: body }));

describe('SQS in AWS JSON 1.0 for the real @aws-sdk/client-sqs', () => {
  it('finds the default queue (URL, ARN) on sqs.<region>.amazonaws.com and on the sandbox address', async () => {
    expect(sb.sqs.queueUrl()).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/aec-notifications');
    expect(sb.sqs.queueArn()).toBe('arn:aws:sqs:eu-west-1:123456789012:aec-notifications');
    for (const c of [viaHost, viaEndpoint]) {
      const { QueueUrl: url } = await c.send(new GetQueueUrlCommand({ QueueName: 'aec-notifications' }));
      expect(url).toBe(sb.sqs.queueUrl());
      const attrs = await c.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }));
      expect(attrs.Attributes).toEqual({ QueueArn: sb.sqs.queueArn(), ApproximateNumberOfMessages: '0' });
    }
    await expect(viaHost.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });

  it('sends and receives with the MD5 the SDK checks, attributes, and deletes', async () => {
    const body = '{"text":"Grüße, 日本 ✓"}';
    const sent = await send(viaEndpoint, body);
    const got = await viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'] }));
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(m).toMatchObject({ MessageId: sent.MessageId, Body: body, Attributes: { ApproximateReceiveCount: '1' } });
    expect(Math.abs(Number(m.Attributes!.SentTimestamp) - Date.now())).toBeLessThan(5000);
    await viaHost.send(new DeleteMessageCommand({ QueueUrl: QueueUrl(), ReceiptHandle: m.ReceiptHandle }));
    expect(sb.sqsMessages()).toEqual([]);
  });

  it('long polling answers as soon as a message arrives, and empty after WaitTimeSeconds', async () => {
    const t0 = Date.now();
    const polling = viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), WaitTimeSeconds: 10 }));
    setTimeout(() => void send(viaEndpoint, 'arrives'), 300);
    const got = await polling;
    expect(got.Messages?.map((m) => m.Body)).toEqual(['arrives']);
    expect(Date.now() - t0).toBeLessThan(2000);
    await viaHost.send(new DeleteMessageCommand({ QueueUrl: QueueUrl(), ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
    const t1 = Date.now();
    const empty = await viaEndpoint.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), WaitTimeSeconds: 1 }));
    expect(empty.Messages ?? []).toEqual([]);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it('re-delivers after the visibility timeout; only the latest receipt handle deletes', async () => {
    await send(viaEndpoint, 'again');
    const first = (await viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), VisibilityTimeout: 3 }))).Messages![0]!;
    const hidden = await viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl() }));
    expect(hidden.Messages ?? []).toEqual([]);
    const second = (await viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), WaitTimeSeconds: 5,
      VisibilityTimeout: 30, MessageSystemAttributeNames: ['All'] }))).Messages![0]!;
    expect(second.MessageId).toBe(first.MessageId);
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
    // SQS: a stale handle "succeeds" and deletes nothing; it cannot change the visibility either.
    await viaHost.send(new DeleteMessageCommand({ QueueUrl: QueueUrl(), ReceiptHandle: first.ReceiptHandle }));
    expect(sb.sqsMessages()).toHaveLength(1);
    await expect(viaHost.send(new ChangeMessageVisibilityCommand({ QueueUrl: QueueUrl(), ReceiptHandle: first.ReceiptHandle,
      VisibilityTimeout: 0 }))).rejects.toMatchObject({ name: 'MessageNotInflight' });
    await viaHost.send(new ChangeMessageVisibilityCommand({ QueueUrl: QueueUrl(), ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 }));
    const third = (await viaEndpoint.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl() }))).Messages![0]!;
    expect(third.MessageId).toBe(first.MessageId);
    const batch = await viaEndpoint.send(new DeleteMessageBatchCommand({ QueueUrl: QueueUrl(), Entries: [
      { Id: 'a', ReceiptHandle: third.ReceiptHandle }, { Id: 'b', ReceiptHandle: 'not-a-handle' }] }));
    expect(batch.Successful).toEqual([{ Id: 'a' }]);
    expect(batch.Failed).toMatchObject([{ Id: 'b', SenderFault: true, Code: 'ReceiptHandleIsInvalid' }]);
    expect(sb.sqsMessages()).toEqual([]);
  });

  it('answers errors as SQS does: bad handle, bad parameter, unknown key, unsigned request', async () => {
    await expect(viaHost.send(new DeleteMessageCommand({ QueueUrl: QueueUrl(), ReceiptHandle: 'garbage' })))
      .rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid', $metadata: { httpStatusCode: 404 } });
    await expect(viaHost.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), MaxNumberOfMessages: 11 })))
      .rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(viaHost.send(new ReceiveMessageCommand({ QueueUrl: `${QueueUrl()}-missing` })))
      .rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    const wrong = sqsClients(sb, 'AKIAWRONGKEY00000000').viaEndpoint;
    await expect(wrong.send(new GetQueueUrlCommand({ QueueName: 'aec-notifications' })))
      .rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    wrong.destroy();
    const forged = sqsClients(sb, sb.sqs.credentials.accessKeyId, 'not-the-secret').viaHost;
    await expect(forged.send(new GetQueueUrlCommand({ QueueName: 'aec-notifications' })))
      .rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    forged.destroy();
    const unsigned = await call(sb.port, { method: 'POST', path: '/', host: 'sqs.eu-west-1.amazonaws.com',
      headers: { 'x-amz-target': 'AmazonSQS.GetQueueUrl', 'content-type': 'application/x-amz-json-1.0' } });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers['x-amzn-query-error']).toBe('MissingAuthenticationToken;Sender');
    expect(unsigned.body).toMatchObject({ __type: 'com.amazon.coral.service#MissingAuthenticationTokenException' });
  });

  it('delivers at least once: with sqsDuplicateRate 1 each message comes twice, same MessageId', async () => {
    const dup = await startAmazonSandbox({ port: 0, sqsDuplicateRate: 1 });
    const c = sqsClients(dup).viaEndpoint;
    try {
      await c.send(new SendMessageCommand({ QueueUrl: dup.sqs.queueUrl(), MessageBody: 'twice' }));
      const got = await c.send(new ReceiveMessageCommand({ QueueUrl: dup.sqs.queueUrl(), MaxNumberOfMessages: 10 }));
      expect(got.Messages?.map((m) => m.Body)).toEqual(['twice', 'twice']);
      expect(new Set(got.Messages!.map((m) => m.MessageId)).size).toBe(1);
      expect(new Set(got.Messages!.map((m) => m.ReceiptHandle)).size).toBe(2);
    } finally {
      c.destroy();
      await dup.close();
    }
  });
});
