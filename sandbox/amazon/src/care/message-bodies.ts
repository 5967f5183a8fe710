/**
 * The Messaging API's request bodies, checked as Amazon checks them (messaging.json): each type's fields, their
 * lengths, attachments as `Attachment` (uploadDestinationId + fileName), coverage dates as date-time; a property
 * the model does not name is refused (the sandbox reads the models strictly). Decided here where the model is
 * silent: a text-only type without its text is refused (a message must say something), and text with HTML or an
 * e-mail address is refused, as the model's descriptions forbid them.
 */
import type { AmazonError } from '../http/amazon-errors.ts';
import { parseIsoTime } from '../http/query-values.ts';

type Field = { kind: 'text'; max: number } | { kind: 'attachments'; minItems: number } | { kind: 'date' };
interface MessageType { operationId: string; fields: Record<string, Field>; needs?: string }

const text = (max: number): Field => ({ kind: 'text', max });
const attachments = (minItems = 0): Field => ({ kind: 'attachments', minItems });

/** The message types served (path segment -> the model's operationId and body). */
export const MESSAGE_TYPES: Readonly<Record<string, MessageType>> = {
  confirmCustomizationDetails: { operationId: 'confirmCustomizationDetails', fields: { text: text(800), attachments: attachments() }, needs: 'text' },
  confirmDeliveryDetails: { operationId: 'createConfirmDeliveryDetails', fields: { text: text(2000) }, needs: 'text' },
  legalDisclosure: { operationId: 'createLegalDisclosure', fields: { attachments: attachments() } },
  confirmOrderDetails: { operationId: 'createConfirmOrderDetails', fields: { text: text(2000) }, needs: 'text' },
  confirmServiceDetails: { operationId: 'createConfirmServiceDetails', fields: { text: text(2000) }, needs: 'text' },
  warranty: { operationId: 'CreateWarranty', fields: { attachments: attachments(1), coverageStartDate: { kind: 'date' }, coverageEndDate: { kind: 'date' } } },
  digitalAccessKey: { operationId: 'createDigitalAccessKey', fields: { text: text(400), attachments: attachments() }, needs: 'text' },
  unexpectedProblem: { operationId: 'createUnexpectedProblem', fields: { text: text(2000) }, needs: 'text' },
};

const invalid = (message: string): AmazonError => ({ code: 'InvalidInput', message, details: '' });
const HTML = /<\s*\/?\s*[a-z][^>]*>/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;

function checkAttachments(v: unknown, path: string, minItems: number): AmazonError | undefined {
  if (!Array.isArray(v)) return invalid(`${path} must be an array.`);
  if (v.length < minItems || v.length > 5) return invalid(`${path} must hold ${minItems} to 5 attachments.`);
  for (const [i, a] of v.entries()) {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return invalid(`${path}[${i}] must be an object.`);
    const keys = Object.keys(a as object);
    const bad = keys.find((k) => k !== 'uploadDestinationId' && k !== 'fileName');
    if (bad) return invalid(`${path}[${i}].${bad} is not a valid property.`);
    const o = a as Record<string, unknown>;
    if (typeof o.uploadDestinationId !== 'string' || typeof o.fileName !== 'string') {
      return invalid(`${path}[${i}] needs uploadDestinationId and fileName as strings.`);
    }
  }
  return undefined;
}

/** The first problem of a message body of `type`, or undefined when Amazon would take it. */
export function checkMessageBody(type: string, body: unknown): AmazonError | undefined {
  const spec = MESSAGE_TYPES[type]!;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return invalid('The request body must be a JSON object.');
  const o = body as Record<string, unknown>;
  for (const [key, v] of Object.entries(o)) {
    const f = spec.fields[key];
    if (!f) return invalid(`body.${key} is not a valid property of the ${spec.operationId} request.`);
    if (f.kind === 'text') {
      if (typeof v !== 'string' || v.length < 1 || v.length > f.max) return invalid(`body.${key} must be a string of 1 to ${f.max} characters.`);
      if (HTML.test(v) || EMAIL.test(v)) return invalid(`body.${key} must not include HTML or email addresses.`);
    } else if (f.kind === 'attachments') {
      const e = checkAttachments(v, `body.${key}`, f.minItems);
      if (e) return e;
    } else if (typeof v !== 'string' || parseIsoTime(v) === undefined) {
      return invalid(`body.${key} must be a date-time.`);
    }
  }
  if (spec.needs && o[spec.needs] === undefined) return invalid(`body.${spec.needs} is required to send a message.`);
  return undefined;
}
