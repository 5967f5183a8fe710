/**
 * Amazon SQS in AWS JSON 1.0, as `@aws-sdk/client-sqs` speaks it: `POST /` with `X-Amz-Target: AmazonSQS.<Op>`,
 * content type `application/x-amz-json-1.0`, SigV4-signed. Served on `sqs.<region>.amazonaws.com` and on the
 * sandbox's own address (an SDK client with `endpoint` set to it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxState } from '../state.ts';
import { checkSigV4 } from './sqs-auth.ts';
import { SQS_ERRORS, SqsFailure, sendSqsError } from './sqs-errors.ts';
import * as ops from './sqs-ops.ts';

const JSON_10 = 'application/x-amz-json-1.0';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as received (the SigV4 signature covers its hash). */
    rawBody: string | undefined;
  }
}

/** Registers the SQS endpoint. */
export function registerSqsRoutes(app: FastifyInstance, state: SandboxState): void {
  app.decorateRequest('rawBody', undefined);
  app.addContentTypeParser(JSON_10, { parseAs: 'string' }, (req, text, done) => {
    req.rawBody = text as string;
    try {
      done(null, text === '' ? {} : JSON.parse(text as string));
    } catch {
      done(null, { __unparsable: true });
    }
  });
  app.post('/', async (req, reply) => {
    const target = req.headers['x-amz-target'];
    const isSqs = req.target.kind === 'sqs' || (typeof target === 'string' && target.startsWith('AmazonSQS.'));
    if (!isSqs || req.target.kind === 'lwa' || req.target.kind === 'sp-api') return reply.code(404).send({ message: 'Not Found' });
    const op = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
    req.callInfo = { operation: `sqs.${op || 'unknown'}`, sellerId: null, throttled: false };
    const denied = checkSigV4(req, req.rawBody ?? '', { accessKeyId: state.opts.awsAccessKeyId,
      secretAccessKey: state.opts.awsSecretAccessKey });
    if (denied) return sendSqsError(reply, denied);
    const body = req.body && typeof req.body === 'object' && !('__unparsable' in req.body) ? (req.body as Record<string, unknown>) : undefined;
    if (!body) return sendSqsError(reply, SQS_ERRORS.invalidParameter('The request body is not JSON.'));
    try {
      const answer = await run(state, op, body, req);
      return reply.code(200).type(JSON_10).send(JSON.stringify(answer));
    } catch (e) {
      if (e instanceof SqsFailure) return sendSqsError(reply, e.error);
      throw e;
    }
  });
}

async function run(state: SandboxState, op: string, body: Record<string, unknown>, req: FastifyRequest): Promise<unknown> {
  const ctx = state.sqs;
  switch (op) {
    case 'ReceiveMessage':
      // A client that hangs up ends its long poll (no message is taken for nobody). The socket, not the request:
      // Node destroys a request stream once its body has been read, which would end every long poll at its first wake.
      return ops.receiveMessage(ctx, body, state.opts.awsAccountId, () => req.socket.destroyed);
    case 'DeleteMessage': return ops.deleteMessage(ctx, body);
    case 'DeleteMessageBatch': return ops.deleteMessageBatch(ctx, body);
    case 'ChangeMessageVisibility': return ops.changeMessageVisibility(ctx, body);
    case 'GetQueueUrl': return ops.getQueueUrl(ctx, body);
    case 'GetQueueAttributes': return ops.getQueueAttributes(ctx, body);
    case 'SendMessage': return ops.sendMessage(ctx, body);
    default: throw new SqsFailure(SQS_ERRORS.unknownOperation());
  }
}
