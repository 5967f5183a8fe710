/**
 * SQS's errors in AWS JSON 1.0: body `{"__type": "<shape id>", "message": ...}` and the `x-amzn-query-error:
 * <Code>;<Sender|Receiver>` header the SDK reads for SQS (it was a query-protocol service: the header keeps the old
 * code, e.g. `AWS.SimpleQueueService.NonExistentQueue`, which the SDK maps back to `QueueDoesNotExist`).
 */
import type { FastifyReply } from 'fastify';

export interface SqsError {
  status: number;
  type: string;
  queryCode: string;
  message: string;
}

const sqs = (name: string, status: number, queryCode: string, message: string): SqsError =>
  ({ status, type: `com.amazonaws.sqs#${name}`, queryCode, message });
const coral = (name: string, status: number, queryCode: string, message: string): SqsError =>
  ({ status, type: `com.amazon.coral.service#${name}`, queryCode, message });

export const SQS_ERRORS = {
  queueDoesNotExist: () => sqs('QueueDoesNotExist', 400, 'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.'),
  receiptHandleIsInvalid: (handle: string) => sqs('ReceiptHandleIsInvalid', 404, 'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () => sqs('MessageNotInflight', 400, 'AWS.SimpleQueueService.MessageNotInflight',
    'The message referred to is not in flight.'),
  emptyBatch: () => sqs('EmptyBatchRequest', 400, 'AWS.SimpleQueueService.EmptyBatchRequest',
    'There should be at least one DeleteMessageBatchRequestEntry in the request.'),
  tooManyEntries: (n: number) => sqs('TooManyEntriesInBatchRequest', 400, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${n}.`),
  idsNotDistinct: (id: string) => sqs('BatchEntryIdsNotDistinct', 400, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`),
  invalidParameter: (message: string) => ({ status: 400, type: 'com.amazon.coral.validate#ValidationException',
    queryCode: 'InvalidParameterValue', message }),
  invalidAttributeName: (name: string) => sqs('InvalidAttributeName', 400, 'InvalidAttributeName',
    `Unknown Attribute ${name}.`),
  unknownOperation: () => coral('UnknownOperationException', 400, 'InvalidAction', ''),
  missingToken: () => coral('MissingAuthenticationTokenException', 403, 'MissingAuthenticationToken',
    'Request is missing Authentication Token'),
  badClientToken: () => coral('UnrecognizedClientException', 403, 'InvalidClientTokenId',
    'The security token included in the request is invalid.'),
  badSignature: () => coral('InvalidSignatureException', 403, 'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'),
} as const;

/** Sends an SQS error answer. */
export function sendSqsError(reply: FastifyReply, e: SqsError): FastifyReply {
  const sender = e.status >= 500 ? 'Receiver' : 'Sender';
  return reply.code(e.status).header('x-amzn-query-error', `${e.queryCode};${sender}`)
    .type('application/x-amz-json-1.0').send(JSON.stringify({ __type: e.type, message: e.message }));
}

/** Thrown by an operation; the route answers it with sendSqsError. */
export class SqsFailure extends Error {
  readonly error: SqsError;
  constructor(error: SqsError) {
    super(error.message);
    this.error = error;
  }
}
