/**
 * Strict validators of the notification schemas (`schemas/notifications/*.json`, JSON Schema draft-07): every object
 * with properties is read with `additionalProperties: false` unless the schema itself allows more.
 */
import { readFileSync } from 'node:fs';
import * as AjvModule from 'ajv';
import { referencePath } from './reference.ts';

type Node = Record<string, unknown>;
// CommonJS interop: the class is the module's `default` export under NodeNext.
const Ajv = AjvModule.default.default;

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === '$id' || k === '$schema' || k === 'examples' || k === 'title') continue;
    out[k] = k === 'properties'
      ? Object.fromEntries(Object.entries(v as Node).map(([name, s]) => [name, strictify(s)]))
      : strictify(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** `validate(body)` and a readable explanation of the last failure, for ORDER_CHANGE. */
export function orderChangeValidator(): { validate: (v: unknown) => boolean; explain(): string } {
  return notificationValidator('OrderChangeNotification.json');
}

/** The same for any notification schema file (e.g. `ListingsItemMfnQuantityChange.json`). */
export function notificationValidator(file: string): { validate: (v: unknown) => boolean; explain(): string } {
  const schema = JSON.parse(readFileSync(referencePath('sp-api-models', 'schemas', 'notifications', file), 'utf8')) as Node;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const validate = ajv.compile(strictify(schema) as Node);
  return { validate: (v) => validate(v) as boolean, explain: () => ajv.errorsText(validate.errors, { separator: '\n' }) };
}
