/**
 * Strict validators from the official Orders v2026-01-01 model: its definitions as JSON Schema draft-04 with
 * `additionalProperties: false` on every object, so a misspelt or invented field fails.
 */
import { readFileSync } from 'node:fs';
import * as Ajv04Module from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import { referencePath } from './reference.ts';

type Node = Record<string, unknown>;
// CommonJS interop: the class is the module's `default` export under NodeNext.
const Ajv04 = Ajv04Module.default.default;

/** `composed`: a member of an allOf, which cannot refuse the other members' fields. */
function strictify(node: unknown, composed = false): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n));
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k.startsWith('x-') || k === 'example') continue;
    out[k] = k === 'properties'
      ? Object.fromEntries(Object.entries(v as Node).map(([name, s]) => [name, strictify(s)]))
      : k === 'allOf' ? (v as unknown[]).map((n) => strictify(n, true)) : strictify(v);
  }
  if (!composed && (out.type === 'object' || out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The model's definitions made strict, but for `loose` ones (those an allOf composes by reference). */
function strictDefinitions(definitions: Node, loose: string[]): Node {
  return Object.fromEntries(Object.entries(definitions).map(([name, d]) => [name, strictify(d, loose.includes(name))]));
}

/** The raw model JSON. */
export function loadOrdersModel(): Node {
  return JSON.parse(readFileSync(referencePath('sp-api-models', 'orders_2026-01-01.json'), 'utf8')) as Node;
}

export interface ModelValidators {
  searchOrders: ValidateFunction;
  getOrder: ValidateFunction;
  errorList: ValidateFunction;
  /** Readable errors of the last failed validation of `fn`. */
  explain(fn: ValidateFunction): string;
}

/** A strict validator of one definition of any model in sp-api-models (e.g. `ordersV0.json`, `fbaInventory.json`). */
export function strictDefinition(modelFile: string, definition: string, loose: string[] = []): { validate: ValidateFunction; explain(): string } {
  const model = JSON.parse(readFileSync(referencePath('sp-api-models', modelFile), 'utf8')) as Node;
  const ajv = new Ajv04({ allErrors: true, strict: true, strictTypes: false });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema({ id: 'm', definitions: strictDefinitions(model.definitions as Node, loose) } as never);
  const validate = ajv.compile({ $ref: `m#/definitions/${definition}` });
  return { validate, explain: () => ajv.errorsText(validate.errors, { separator: '\n' }) };
}

/** Compiles the validators once per test file. */
export function modelValidators(): ModelValidators {
  const model = loadOrdersModel();
  const ajv = new Ajv04({ allErrors: true, strict: true, strictTypes: false });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addSchema({ id: 'orders', definitions: strictify(model.definitions) } as never);
  const ref = (name: string): ValidateFunction => ajv.compile({ $ref: `orders#/definitions/${name}` });
  return {
    searchOrders: ref('SearchOrdersResponse'),
    getOrder: ref('GetOrderResponse'),
    errorList: ref('ErrorList'),
    explain: (fn) => ajv.errorsText(fn.errors, { separator: '\n' }),
  };
}
